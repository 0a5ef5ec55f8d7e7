import { isSecretKey, redactText } from '@clawft/types';
import { commandSecrets } from '../stdio/command-secrets.js';

/** Takes secrets out of a text before it reaches a log line or an error message. */
export type Redact = (text: string) => string;

/** What a server entry holds that may be secret. */
export interface ServerSecretSources {
  args?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

/** Deeper than this, `redactDeep` stops copying and puts a marker. */
const MAX_DEPTH = 32;

/** A header whose name says it carries a credential: `Authorization`, `X-Api-Key`, `X-Auth`, `Cookie`, … */
function isAuthHeader(name: string): boolean {
  return (
    isSecretKey(name) ||
    name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .includes('auth')
  );
}

/**
 * The secret values of one server entry: those of its command line and env (see `commandSecrets`) and the
 * values of its auth-like headers — whole, and without a scheme word (`Bearer abc` also registers `abc`).
 */
export function serverSecrets(sources: ServerSecretSources): string[] {
  const secrets = commandSecrets(sources.args, sources.env);
  for (const [name, value] of Object.entries(sources.headers ?? {})) {
    if (!isAuthHeader(name) || value === '') continue;
    secrets.push(value);
    const credential = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(value)?.[1];
    if (credential !== undefined) secrets.push(credential);
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/**
 * A redactor for one server: its own secrets (see `serverSecrets`), then `extra` (e.g. the config's
 * process-wide secret registry) when given.
 *
 * @example
 * const redact = createServerRedactor({ env: { API_TOKEN: 'tok-123456' } });
 * redact('token tok-123456'); // 'token [redacted]'
 */
export function createServerRedactor(sources: ServerSecretSources, extra?: Redact): Redact {
  const secrets = serverSecrets(sources);
  if (extra === undefined) return (text) => redactText(text, secrets);
  return (text) => extra(redactText(text, secrets));
}

/** A copy of `value` with every string in it (keys too) passed through `redact`; depth-capped. */
export function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[redact(key)] = redactDeep(item, redact, depth + 1);
  return copy;
}
