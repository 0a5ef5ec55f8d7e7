/** Collects a stream's bytes keeping at most `maxBytes`: the first half and the latest half, the cut counted. */
export class CappedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headRoom = Math.ceil(this.maxBytes / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailCap = Math.floor(this.maxBytes / 2);
    if (this.tailBytes > tailCap * 2) this.trimTail(tailCap);
  }

  /** The text kept, with `[… N bytes cut …]` where bytes were dropped. */
  text(): string {
    this.trimTail(Math.floor(this.maxBytes / 2));
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    const dropped = this.total - this.headBytes - this.tailBytes;
    return dropped > 0 ? `${head}\n[… ${dropped} bytes cut …]\n${tail}` : head + tail;
  }

  private trimTail(cap: number): void {
    if (this.tailBytes <= cap) return;
    const joined = Buffer.concat(this.tail);
    const kept = joined.subarray(joined.length - cap);
    this.tail = [kept];
    this.tailBytes = kept.length;
  }
}
