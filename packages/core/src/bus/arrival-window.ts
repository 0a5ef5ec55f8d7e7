/** The most entries an `ArrivalWindow` holds: a push compares its key with at most this many others. */
export const ARRIVAL_WINDOW_SLOTS = 8;
const MASK = ARRIVAL_WINDOW_SLOTS - 1;
/** Each entry takes three array slots: the entry, its lane's group, its lane's key. */
const ENTRY = 0;
const GROUP = 1;
const KEY = 2;

/**
 * A channel's held entries in arrival order, kept while that order is the one its round-robin lanes would serve
 * them in, so that a consumer that keeps up costs no lane lookup and no rotation (decision 0273).
 *
 * Lanes served round-robin give arrival order exactly when every held entry has its own lane (each lane joins the
 * back of the round with its one entry), or when all share one lane (a FIFO). The window holds up to
 * `ARRIVAL_WINDOW_SLOTS` entries in one of those two shapes; `push` refuses an entry that would break the shape (a
 * second entry of one key among others, a second key among a run of one) or that finds the window full. The owner
 * then moves the window's entries into their lanes (`drain`, oldest first: the lanes end in the state they would
 * have reached had they held the entries all along) and holds the entry in its lane.
 */
export class ArrivalWindow<E> {
  // Entry, group, key of each slot side by side in one array: one load of the array serves all three.
  readonly #slots: unknown[] = new Array<unknown>(3 * ARRIVAL_WINDOW_SLOTS).fill(undefined);
  #head = 0;
  #size = 0;
  /**
   * With three or more entries: whether all share one key (else all keys differ). Any two entries are one shape or
   * the other, so it is worked out only when a third comes: a consumer that keeps up compares no keys at all.
   */
  #shape: 'unknown' | 'one key' | 'all different' = 'unknown';

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /** Appends `entry` of lane `(group, key)` if the window keeps its shape with it; returns whether it did. */
  push(entry: E, group: string, key: string): boolean {
    const size = this.#size;
    if (size === ARRIVAL_WINDOW_SLOTS) return false;
    const slots = this.#slots;
    if (size > 1) {
      if (this.#shape === 'unknown') this.#shape = this.#sameLane(0, 1) ? 'one key' : 'all different';
      const tail = 3 * ((this.#head + size - 1) & MASK);
      const sameAsTail = slots[tail + KEY] === key && slots[tail + GROUP] === group;
      const oneKey = this.#shape === 'one key';
      if (oneKey !== sameAsTail || (!oneKey && this.#holds(group, key, size - 1))) return false;
    }
    const slot = 3 * ((this.#head + size) & MASK);
    slots[slot + ENTRY] = entry;
    slots[slot + GROUP] = group;
    slots[slot + KEY] = key;
    this.#size = size + 1;
    return true;
  }

  /** Removes and returns the oldest entry, or `undefined` when empty. */
  shift(): E | undefined {
    if (this.#size === 0) return undefined;
    const slot = 3 * this.#head;
    const entry = this.#slots[slot + ENTRY] as E;
    this.#clear(slot);
    this.#head = (this.#head + 1) & MASK;
    this.#size -= 1;
    if (this.#size < 2) this.#shape = 'unknown';
    return entry;
  }

  /** Hands every entry to `into`, oldest first, with its lane's key, and leaves the window empty. */
  drain(into: (entry: E, group: string, key: string) => void): void {
    const slots = this.#slots;
    while (this.#size > 0) {
      const slot = 3 * this.#head;
      const group = slots[slot + GROUP] as string;
      const key = slots[slot + KEY] as string;
      // `shift` runs before `into`: the entry has left the window (and the shape is reset) when its lane gets it.
      into(this.shift() as E, group, key);
    }
  }

  /** Whether the entries at positions `first` and `second` (0 = oldest) are of one lane. */
  #sameLane(first: number, second: number): boolean {
    const slots = this.#slots;
    const one = 3 * ((this.#head + first) & MASK);
    const other = 3 * ((this.#head + second) & MASK);
    return slots[one + KEY] === slots[other + KEY] && slots[one + GROUP] === slots[other + GROUP];
  }

  /** Whether one of the oldest `count` entries is of lane `(group, key)`. */
  #holds(group: string, key: string, count: number): boolean {
    const slots = this.#slots;
    for (let index = 0, at = this.#head; index < count; index += 1, at = (at + 1) & MASK) {
      if (slots[3 * at + KEY] === key && slots[3 * at + GROUP] === group) return true;
    }
    return false;
  }

  /** Drops the slot's references, so the window keeps no entry or key it no longer holds. */
  #clear(slot: number): void {
    const slots = this.#slots;
    slots[slot + ENTRY] = undefined;
    slots[slot + GROUP] = undefined;
    slots[slot + KEY] = undefined;
  }
}
