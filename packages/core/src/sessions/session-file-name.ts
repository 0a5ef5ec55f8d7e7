import { createHash } from 'node:crypto';

/** Longest encoded name kept readable; longer keys get a hashed name (file names are capped at 255 bytes). */
const MAX_READABLE = 120;

/**
 * A file name for a session key: `sessionKeyToken(key)` and `.jsonl`.
 *
 * @example
 * sessionFileName('telegram:42') // 'telegram%3A42.jsonl'
 */
export function sessionFileName(key: string): string {
  return `${sessionKeyToken(key)}.jsonl`;
}

/**
 * A name for a session key that is safe on any file system and unique per key: every byte other than
 * `a-z`, `0-9`, `_` and `-` is written `%XX` (so `/`, `..`, unicode, control characters and upper case — for
 * case-insensitive file systems — cannot escape the directory or collide). A key whose encoding is longer than 120
 * characters becomes `<first 64 encoded characters>~<sha256 of the key>`; `~` never appears in a plain encoding,
 * so hashed and plain names cannot collide either. The same name is a valid NATS subject token (no `.`, `*`, `>` or
 * white space), so the JetStream session store uses it too.
 *
 * @example
 * sessionKeyToken('telegram:42') // 'telegram%3A42'
 */
export function sessionKeyToken(key: string): string {
  let encoded = percentEncode(key);
  if (encoded === '') encoded = '%';
  if (encoded.length > MAX_READABLE) {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    encoded = `${encoded.slice(0, 64).replace(/%[0-9A-F]?$/, '')}~${hash}`;
  }
  return encoded;
}

/**
 * What the token (`sessionKeyToken`) of every key starting with `prefix` starts with, so a listing can skip other
 * files and subjects without reading them. A hashed token keeps at least the first 62 encoded characters of its key,
 * so the prefix is cut there; a match is still checked against the key itself.
 *
 * @example
 * sessionKeyTokenPrefix('gateway:') // 'gateway%3A'
 */
export function sessionKeyTokenPrefix(prefix: string): string {
  return percentEncode(prefix).slice(0, 62);
}

/**
 * The key a token was made from, or undefined when it cannot be told from the token (a hashed long key) or is not a
 * token at all.
 *
 * @example
 * sessionKeyFromToken('telegram%3A42') // 'telegram:42'
 */
export function sessionKeyFromToken(token: string): string | undefined {
  if (token === '%') return '';
  if (!/^(?:[a-z0-9_-]|%[0-9A-F]{2})+$/.test(token)) return undefined;
  const bytes = Buffer.from(
    token.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
  const key = bytes.toString('utf8');
  // Bytes that are not UTF-8 decode to U+FFFD: such a token was not made from a string.
  return sessionKeyToken(key) === token ? key : undefined;
}

/** Every byte of `key`'s UTF-8 other than `a-z`, `0-9`, `_` and `-` as `%XX`. */
function percentEncode(key: string): string {
  let encoded = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const plain =
      (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2d;
    encoded += plain ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
