/**
 * Cuts `text` to at most about `maxBytes` UTF-8 bytes, keeping its head and tail and marking the cut with how many
 * bytes were dropped. Text within the cap comes back unchanged.
 *
 * @example
 * cutText('a'.repeat(100_000), 1_000); // 'aaa…\n[… 99,0xx bytes cut …]\n…aaa'
 */
export function cutText(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const marker = (dropped: number): string => `\n[… ${dropped} bytes cut …]\n`;
  const room = Math.max(0, maxBytes - Buffer.byteLength(marker(bytes.length)));
  const headBytes = Math.ceil(room / 2);
  const tailBytes = room - headBytes;
  // Decoding slices drops split multi-byte characters at the edges as U+FFFD; strip those.
  const head = bytes
    .subarray(0, headBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  const tail = bytes
    .subarray(bytes.length - tailBytes)
    .toString('utf8')
    .replace(/^\uFFFD+/, '');
  const dropped = bytes.length - Buffer.byteLength(head) - Buffer.byteLength(tail);
  return `${head}${marker(dropped)}${tail}`;
}
