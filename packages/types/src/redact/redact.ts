/** The placeholder put where a secret was. */
export const REDACTED = '[redacted]';

/** Words that, anywhere in a name, mark its value as a secret. Plurals such as `tokens` are counts, not secrets. */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'auth',
  'bearer',
  'passphrase',
]);

/** Splits `apiKey`, `API_KEY`, `x-api-key`, `GitHubToken` into lower-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/**
 * True for names that hold secrets: `apiKey`, `GITHUB_TOKEN`, `client_secret`, `Authorization`, `x-api-key`, …
 * but not counts such as `maxTokens` or `inputTokens`.
 */
export function isSecretKey(name: string): boolean {
  return nameWords(name).some((word) => SECRET_WORDS.has(word));
}

/**
 * A deep copy of `value` with every property whose name looks secret (see `isSecretKey`) replaced by
 * `[redacted]`. Use it on configs and request options before they reach a log line or an error message.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && item !== undefined && item !== '' ? REDACTED : redactValue(item, seen);
  }
  return copy;
}

/** Replaces every occurrence of the given secret values (ignoring ones shorter than 4 characters) in `text`. */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}
