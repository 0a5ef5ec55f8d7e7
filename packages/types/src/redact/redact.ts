/** The placeholder put where a secret was. */
export const REDACTED = '[redacted]';

const SECRET_KEY = /key|token|secret|password|passwd|authorization|credential/i;

/** True for names that hold secrets: `apiKey`, `GITHUB_TOKEN`, `client_secret`, `Authorization`, … */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name);
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
