/**
 * Keeps the last `maxBytes` a process wrote to stderr, so errors can show why a server died. Older bytes
 * are dropped; the stream is always drained so a chatty server never blocks on a full pipe.
 */
export class StderrTail {
  readonly #maxBytes: number;
  #chunks: Buffer[] = [];
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  push(chunk: Buffer): void {
    // Copy, so a small tail never pins the stream's larger read buffers in memory.
    const kept = Buffer.from(
      chunk.length > this.#maxBytes ? chunk.subarray(chunk.length - this.#maxBytes) : chunk,
    );
    this.#chunks.push(kept);
    this.#bytes += kept.length;
    while (this.#bytes > this.#maxBytes) {
      const first = this.#chunks[0]!;
      const excess = this.#bytes - this.#maxBytes;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#bytes -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#bytes -= excess;
      }
    }
  }

  /** The kept bytes as text (a split UTF-8 character at the start is replaced). */
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
