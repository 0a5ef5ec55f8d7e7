import { LinkedQueue } from './linked-queue.js';
import { RingBuffer } from './ring-buffer.js';
import { guardWait } from './wait-guard.js';

type ReceiveWaiter<T> = (result: IteratorResult<T, undefined>) => void;

/**
 * The receivers parked on an empty channel. Receivers without a signal (the hot path of a busy consumer) wait in a
 * ring buffer; those with a signal wait in a linked queue so an abort removes them at once. Any receiver may take
 * any item, so the two queues need no common order.
 */
export class ReceiveWaiters<T> {
  readonly #plain = new RingBuffer<ReceiveWaiter<T>>();
  readonly #abortable = new LinkedQueue<ReceiveWaiter<T>>();
  // One executor for every signal-less wait: it captures nothing per call, so no closure is allocated per receive.
  readonly #park = (resolve: ReceiveWaiter<T>): void => {
    this.#plain.push(resolve);
  };

  get size(): number {
    return this.#plain.size + this.#abortable.size;
  }

  /** Parks one receiver until `handOff` or `endAll`; an abort removes it at once and rejects with `abortError()`. */
  wait(signal: AbortSignal | undefined, abortError: () => Error): Promise<IteratorResult<T, undefined>> {
    if (signal === undefined) return new Promise(this.#park);
    return new Promise((resolve, reject) => {
      const disarm = guardWait({
        signal,
        timeoutMs: undefined,
        onAbort: () => {
          this.#abortable.remove(node);
          reject(abortError());
        },
        onTimeout: () => undefined,
      });
      const node = this.#abortable.push((result) => {
        disarm();
        resolve(result);
      });
    });
  }

  /** Gives `item` to a waiting receiver; false when none waits. */
  handOff(item: T): boolean {
    const receiver = this.#plain.shift() ?? this.#abortable.shift();
    if (receiver === undefined) return false;
    receiver({ value: item, done: false });
    return true;
  }

  /** Ends every waiting receiver's iteration (the channel closed while empty). */
  endAll(): void {
    const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
    for (let receiver = this.#plain.shift(); receiver !== undefined; receiver = this.#plain.shift())
      receiver(done);
    for (let receiver = this.#abortable.shift(); receiver !== undefined; receiver = this.#abortable.shift()) {
      receiver(done);
    }
  }
}
