/** A handle to one entry of a `LinkedQueue`, for O(1) removal. */
export interface LinkedNode<T> {
  readonly value: T;
  /** @internal */
  prev: LinkedNode<T> | undefined;
  /** @internal */
  next: LinkedNode<T> | undefined;
  /** @internal false once shifted or removed, so a second removal is a no-op. */
  linked: boolean;
}

// A class, not an object literal: V8 tracks and may pretenure a literal's allocation site, never a `new`
// (decision 0272).
class Node<T> implements LinkedNode<T> {
  next: LinkedNode<T> | undefined = undefined;
  linked = true;

  constructor(
    readonly value: T,
    public prev: LinkedNode<T> | undefined,
  ) {}
}

/**
 * A FIFO queue on a doubly linked list whose `push` returns a handle: any entry can be removed in O(1), which is
 * what an aborted waiter needs (it leaves the queue at once instead of lingering as a tombstone).
 */
export class LinkedQueue<T> {
  #head: LinkedNode<T> | undefined;
  #tail: LinkedNode<T> | undefined;
  #size = 0;

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /** Appends at the tail and returns the entry's handle. */
  push(value: T): LinkedNode<T> {
    const node = new Node(value, this.#tail);
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#size += 1;
    return node;
  }

  /** The head without removing it. */
  peek(): T | undefined {
    return this.#head?.value;
  }

  /** Removes and returns the head, or `undefined` when empty. */
  shift(): T | undefined {
    const node = this.#head;
    if (node === undefined) return undefined;
    this.remove(node);
    return node.value;
  }

  /** Removes an entry by handle; returns false when it had already left the queue. */
  remove(node: LinkedNode<T>): boolean {
    if (!node.linked) return false;
    if (node.prev === undefined) this.#head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.#tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.linked = false;
    this.#size -= 1;
    return true;
  }
}
