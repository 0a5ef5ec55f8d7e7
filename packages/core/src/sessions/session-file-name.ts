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
  let encoded = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const plain =
      (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2d;
    encoded += plain ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (encoded === '') encoded = '%';
  if (encoded.length > MAX_READABLE) {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    encoded = `${encoded.slice(0, 64).replace(/%[0-9A-F]?$/, '')}~${hash}`;
  }
  return encoded;
}
