/** Pieces joined into one flat string this often, so a long answer costs ~1 byte a character, not a node a piece. */
const FOLD_EVERY = 256;

/**
 * The text shown since the last reset (for `reset.discardedText`, `fail`'s `partialText` and `continue`'s prefill).
 * Kept compact: appending many small deltas with `+=` would keep one string node per delta alive.
 */
export class ShownText {
  #folded = '';
  #pieces: string[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  append(text: string): void {
    this.#pieces.push(text);
    this.#length += text.length;
    if (this.#pieces.length >= FOLD_EVERY) this.#fold();
  }

  clear(): void {
    this.#folded = '';
    this.#pieces = [];
    this.#length = 0;
  }

  toString(): string {
    this.#fold();
    return this.#folded;
  }

  #fold(): void {
    if (this.#pieces.length === 0) return;
    this.#folded += this.#pieces.join('');
    this.#pieces = [];
  }
}
