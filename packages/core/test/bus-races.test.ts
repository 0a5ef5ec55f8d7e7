import type { OverflowPolicy } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { BoundedChannel } from '../src/bus/bounded-channel.js';
import type { BoundedChannelOptions } from '../src/bus/channel-options.js';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Item {
  id: number;
  lane: string;
  text: string;
}

/**
 * Random interleavings of sends (some abortable, some timed, some trySend), receives (some aborted) and a close at
 * a random moment, then a full drain: every item is either delivered exactly once or reported to onDrop exactly
 * once, never both and never neither, and the counters agree with what was seen.
 */
async function race(seed: number, options: BoundedChannelOptions<Item>): Promise<void> {
  const next = random(seed);
  const delivered: number[] = [];
  const dropped = new Map<number, string>();
  const channel = new BoundedChannel<Item>({
    ...options,
    onDrop: (item, reason) => {
      expect(dropped.has(item.id)).toBe(false);
      dropped.set(item.id, reason);
    },
  });
  const pending: Promise<unknown>[] = [];
  const receive = async (signal?: AbortSignal): Promise<void> => {
    try {
      delivered.push((await channel.receive(signal === undefined ? {} : { signal })).id);
    } catch {
      // aborted or closed-and-drained: nothing was taken
    }
  };
  const OPERATIONS = 400;
  const closeAt = Math.floor(next() * OPERATIONS);
  for (let id = 0; id < OPERATIONS; id += 1) {
    if (id === closeAt) channel.close();
    const item = { id, lane: `s${Math.floor(next() * 3)}`, text: 'x'.repeat(Math.floor(next() * 40)) };
    const roll = next();
    if (roll < 0.15) channel.trySend(item);
    else if (roll < 0.3) {
      const controller = new AbortController();
      pending.push(channel.send(item, { signal: controller.signal }).catch(() => undefined));
      if (next() < 0.5) queueMicrotask(() => controller.abort());
    } else if (roll < 0.4) pending.push(channel.send(item, { timeoutMs: 0 }).catch(() => undefined));
    else pending.push(channel.send(item).catch(() => undefined));
    if (next() < 0.35) {
      const controller = new AbortController();
      pending.push(receive(controller.signal));
      if (next() < 0.3) controller.abort();
    }
    if (next() < 0.2) await Promise.resolve();
    if (next() < 0.05) await new Promise((resolve) => setImmediate(resolve));
  }
  if (closeAt >= OPERATIONS) channel.close();
  for (let item = channel.receive(); ; item = channel.receive()) {
    const taken = await item.catch(() => undefined);
    if (taken === undefined) break;
    delivered.push(taken.id);
  }
  await Promise.all(pending);

  const seen = new Set(delivered);
  expect(seen.size).toBe(delivered.length); // no duplicate delivery
  for (const id of seen) expect(dropped.has(id)).toBe(false); // nothing both delivered and dropped
  expect(seen.size + dropped.size).toBe(OPERATIONS); // nothing lost unseen
  const metrics = channel.metrics();
  expect(metrics).toMatchObject({ depth: 0, bytes: 0, waitingSenders: 0, waitingReceivers: 0 });
  expect(metrics.delivered).toBe(delivered.length);
  expect(metrics.droppedTotal).toBe(dropped.size);
  expect(metrics.accepted).toBe(metrics.delivered + metrics.dropped['dropped-oldest']);
  expect(metrics.highWaterMark).toBeLessThanOrEqual(channel.capacity);
}

const policies: OverflowPolicy[] = ['block', 'drop-oldest', 'drop-newest', 'reject'];

describe('BoundedChannel under close and abort races', () => {
  it.each(policies)(
    'loses and duplicates nothing under %s (count, bytes and lanes)',
    async (policy) => {
      for (let seed = 1; seed <= 12; seed += 1) {
        const base = { capacity: 1 + (seed % 4), overflowPolicy: policy };
        await race(seed, base);
        await race(seed, { ...base, maxBytes: 120, sizeOf: (item) => 20 + item.text.length });
        await race(seed, { ...base, maxBytes: 120, laneOf: (item) => item.lane });
      }
    },
    30_000,
  );
});
