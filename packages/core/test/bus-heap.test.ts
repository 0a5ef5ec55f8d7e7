import type { OverflowPolicy } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { BoundedChannel } from '../src/bus/bounded-channel.js';

const CAPACITY = 1024;
const ATTEMPTS = 100_000;
const BATCH = 10_000;
// Each item holds ~1 KiB on the heap: 100k kept would be ~100 MiB, a capacity's worth ~1 MiB.
const ITEM_SLOTS = 128;
const HEAP_MARGIN_BYTES = 24 * 1024 * 1024;

function item(index: number): number[] {
  return new Array<number>(ITEM_SLOTS).fill(index);
}

function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** 100k publishes at a channel nobody reads: blocking ones time out in batches, the rest never wait. */
async function flood(channel: BoundedChannel<number[]>, policy: OverflowPolicy): Promise<void> {
  for (let start = 0; start < ATTEMPTS; start += BATCH) {
    const sends: Promise<unknown>[] = [];
    for (let index = start; index < start + BATCH; index += 1) {
      if (policy === 'block') sends.push(channel.send(item(index), { timeoutMs: 1 }).catch(() => undefined));
      else channel.trySend(item(index));
    }
    await Promise.all(sends);
  }
}

describe('BoundedChannel with a stalled consumer', () => {
  it('runs with global.gc so heap numbers are exact', () => {
    expect(typeof globalThis.gc).toBe('function');
  });

  it.each<OverflowPolicy>(['block', 'drop-oldest', 'drop-newest', 'reject'])(
    'keeps the heap bounded by capacity under %s after 100k attempted publishes',
    async (policy) => {
      const dropped: number[] = [];
      const channel = new BoundedChannel<number[]>({
        capacity: CAPACITY,
        overflowPolicy: policy,
        onDrop: () => dropped.push(1),
      });
      const before = heapUsed();
      await flood(channel, policy);
      const grown = heapUsed() - before;

      const metrics = channel.metrics();
      expect(metrics).toMatchObject({
        depth: CAPACITY,
        highWaterMark: CAPACITY,
        waitingSenders: 0,
        delivered: 0,
      });
      expect(metrics.accepted - metrics.dropped['dropped-oldest']).toBe(CAPACITY);
      expect(metrics.accepted + metrics.droppedTotal - metrics.dropped['dropped-oldest']).toBe(ATTEMPTS);
      expect(dropped).toHaveLength(metrics.droppedTotal);
      expect(grown).toBeLessThan(HEAP_MARGIN_BYTES);
      channel.close();
    },
    30_000,
  );
});
