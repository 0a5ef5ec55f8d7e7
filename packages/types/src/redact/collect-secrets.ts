import { isSecretKey } from './redact.js';
import type { SecretRegistry } from './secret-registry.js';

/** Map sections whose every value is a credential whatever its name (`Authorization`-like headers vary). */
const HEADER_MAPS: ReadonlySet<string> = new Set([
  'headers',
  'extraHeaders',
  'extra_headers',
  'extra-headers',
]);
/** Sections whose map keys are themselves credentials (gateway bearer tokens mapped to senders). */
const TOKEN_MAPS: ReadonlySet<string> = new Set(['tokens']);
/** Header names whose values are not credentials (so `status` may show them). */
const PLAIN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'content-type',
  'user-agent',
  'http-referer',
  'x-title',
  'anthropic-version',
  'anthropic-beta',
  'openai-beta',
]);

/**
 * Registers every secret a config value (as parsed from JSON, before validation) holds: strings (at any depth)
 * under a secret-looking name (`apiKey`, `GITHUB_TOKEN`, `client_secret`), header values other than a few plain
 * ones, map keys and values under a `tokens` section, and the credentials of every URL-like string.
 * Walks at most `maxDepth` levels (the caller reports deeper configs as errors).
 */
export function collectSecrets(value: unknown, registry: SecretRegistry, maxDepth = 64): SecretRegistry {
  visit(value, registry, { secret: false, headers: false, tokens: false }, maxDepth);
  return registry;
}

interface Mode {
  secret: boolean;
  headers: boolean;
  tokens: boolean;
}

function visit(value: unknown, registry: SecretRegistry, mode: Mode, depth: number): void {
  if (typeof value === 'string') {
    if (mode.secret || mode.tokens) registry.add(value);
    registry.addUrl(value);
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (mode.secret) registry.add(String(value));
    return;
  }
  if (typeof value !== 'object' || value === null || depth <= 0) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      visit(
        item,
        registry,
        { ...mode, secret: mode.secret || followsSecretFlag(value, index, registry) },
        depth - 1,
      );
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (mode.tokens) registry.add(key);
    const secret = mode.secret || isSecretKey(key) || (mode.headers && !PLAIN_HEADERS.has(key.toLowerCase()));
    const next: Mode = { secret, headers: HEADER_MAPS.has(key), tokens: mode.tokens || TOKEN_MAPS.has(key) };
    visit(item, registry, next, depth - 1);
  }
}

/** `--flag=value` or `-f` followed by a value: secret when the flag's name looks secret (`--api-key sk-…`). */
const FLAG = /^--?([\w-]+)(?:=(.*))?$/;

function followsSecretFlag(items: readonly unknown[], index: number, registry: SecretRegistry): boolean {
  const item = items[index];
  const inline = typeof item === 'string' ? FLAG.exec(item) : null;
  if (inline?.[2] !== undefined && isSecretKey(inline[1] ?? '')) registry.add(inline[2]);
  const previous = items[index - 1];
  if (typeof previous !== 'string') return false;
  const flag = FLAG.exec(previous);
  return flag !== null && flag[2] === undefined && isSecretKey(flag[1] ?? '');
}
