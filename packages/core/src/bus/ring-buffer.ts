const INITIAL_SLOTS = 16;

/**
 * A FIFO queue on a circular array: `push` and `shift` are O(1) (amortised; the array doubles when full), unlike
 * `Array#shift`, which moves every element. Slots are cleared on removal so the buffer holds no stale references.
 */
export class RingBuffer<T> {
  #slots: (T | undefined)[] = new Array<T | undefined>(INITIAL_SLOTS);
  #head = 0;
  #size = 0;

  /** Items held. */
  get size(): number {
    return this.#size;
  }

  /** Appends at the tail. */
  push(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[(this.#head + this.#size) & (this.#slots.length - 1)] = item;
    this.#size += 1;
  }

  /** Removes and returns the head, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#slots.length - 1);
    this.#size -= 1;
    return item;
  }

  /** The head without removing it. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  #grow(): void {
    // Capacity stays a power of two so the index wrap is a mask.
    const next = new Array<T | undefined>(this.#slots.length * 2);
    for (let index = 0; index < this.#size; index += 1) {
      next[index] = this.#slots[(this.#head + index) & (this.#slots.length - 1)];
    }
    this.#slots = next;
    this.#head = 0;
  }
}
