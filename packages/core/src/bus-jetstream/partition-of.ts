/**
 * The partition (0 … `partitions - 1`) of a session key: FNV-1a over its UTF-8 bytes, so every process maps a
 * session to the same partition subject.
 *
 * @example
 * partitionOf('http:chat-7', 16); // → a stable number from 0 to 15
 */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
