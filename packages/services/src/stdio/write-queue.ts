import type { Writable } from 'node:stream';

interface QueuedWrite {
  data: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Options for `WriteQueue`. */
export interface WriteQueueOptions {
  /**
   * Bytes the stream may hold unwritten before further writes wait for `drain`. Larger than the stream's
   * high-water mark so that a burst of large messages keeps the pipe full instead of writing one per drain.
   * @default 1048576 (1 MiB)
   */
  maxBufferedBytes?: number;
}

/**
 * Serialises writes to one stream and respects backpressure: once the stream holds `maxBufferedBytes`,
 * later writes wait in order until `drain`. One `drain` listener serves every waiting write.
 */
export class WriteQueue {
  readonly #stream: Writable;
  readonly #maxBufferedBytes: number;
  readonly #queue: QueuedWrite[] = [];
  #failure: Error | undefined;
  readonly #onDrain = (): void => this.#flush();

  constructor(stream: Writable, options: WriteQueueOptions = {}) {
    this.#stream = stream;
    // At least the high-water mark, so the write that stops us has returned false and `drain` will come.
    this.#maxBufferedBytes = Math.max(options.maxBufferedBytes ?? 1024 * 1024, stream.writableHighWaterMark);
    stream.on('drain', this.#onDrain);
  }

  /** Writes `data`, or queues it behind earlier waiting writes. Resolves when the stream has taken it. */
  write(data: string): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#queue.length > 0 || this.#full()) {
      return new Promise((resolve, reject) => this.#queue.push({ data, resolve, reject }));
    }
    this.#stream.write(data);
    return Promise.resolve();
  }

  /** Writes still waiting for `drain`. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Rejects every queued write and refuses later ones; removes the `drain` listener. */
  fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#stream.off('drain', this.#onDrain);
    for (const item of this.#queue.splice(0)) item.reject(error);
  }

  #full(): boolean {
    return this.#stream.writableLength >= this.#maxBufferedBytes;
  }

  #flush(): void {
    if (this.#queue.length === 0) return;
    // Cork so that a run of queued messages goes out in one writev.
    this.#stream.cork();
    let index = 0;
    while (index < this.#queue.length && !this.#full()) {
      const item = this.#queue[index]!;
      this.#stream.write(item.data);
      item.resolve();
      index += 1;
    }
    this.#queue.splice(0, index);
    this.#stream.uncork();
  }
}
