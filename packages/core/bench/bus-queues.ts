// The three queues compared by bus.bench.ts, behind one small interface: clawft's BoundedChannel and the two
// baselines a Node user would otherwise write (p-queue gated by onSizeLessThan; a stream pair with highWaterMark).
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
// The built package (dist), as users run it: tsx's per-closure name helpers would skew the numbers.
import { BoundedChannel } from '@clawft/core';
import PQueue from 'p-queue';

/** One queue under test: producers call `produce`, consumers call `consume` with a per-item sink. */
export interface QueueUnderTest<T> {
  produce(item: T): Promise<unknown> | undefined;
  /** Runs one consumer until the queue ends. */
  consume(sink: (item: T) => void): Promise<void>;
  /** No more items; consumers finish what is queued. */
  end(): Promise<void>;
  /** Stops consumers taking items (heap under overload); tears down on `destroy`. */
  stall(): void;
  destroy(): void;
  held(): number;
}

export type QueueFactory = <T>(capacity: number) => QueueUnderTest<T>;

export function boundedChannel<T>(capacity: number): QueueUnderTest<T> {
  const channel = new BoundedChannel<T>({ capacity });
  return {
    produce: (item) => channel.send(item),
    consume: async (sink) => {
      for await (const item of channel) sink(item);
    },
    end: async () => channel.close(),
    stall: () => undefined,
    destroy: () => channel.close(),
    held: () => channel.size,
  };
}

export function pQueue<T>(capacity: number): QueueUnderTest<T> {
  let sink: (item: T) => void = () => undefined;
  let consumers = 0;
  const queue = new PQueue({ concurrency: 1, autoStart: false });
  return {
    produce: (item) => {
      // The documented way to bound a p-queue: wait until it has room, then add.
      if (queue.size < capacity) {
        void queue.add(() => sink(item));
        return undefined;
      }
      return queue.onSizeLessThan(capacity).then(() => void queue.add(() => sink(item)));
    },
    consume: async (consumer) => {
      sink = consumer;
      consumers += 1;
      queue.concurrency = consumers;
      queue.start();
      await queue.onIdle();
    },
    end: () => queue.onIdle(),
    stall: () => queue.pause(),
    destroy: () => queue.clear(),
    held: () => queue.size,
  };
}

export function streamPair<T>(capacity: number): QueueUnderTest<T> {
  // Writable side for producers, Readable side for consumers, each buffering up to highWaterMark objects.
  const stream = new PassThrough({ objectMode: true, highWaterMark: capacity });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<T>;
  let draining: Promise<unknown> | undefined;
  return {
    produce: (item) => {
      if (stream.write(item)) return undefined;
      draining ??= once(stream, 'drain').finally(() => {
        draining = undefined;
      });
      return draining;
    },
    consume: async (sink) => {
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
        sink(next.value);
    },
    end: async () => {
      stream.end();
    },
    stall: () => undefined,
    destroy: () => stream.destroy(),
    held: () => stream.readableLength + stream.writableLength,
  };
}
