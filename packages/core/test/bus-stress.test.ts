import { describe, expect, it } from 'vitest';
import { BoundedChannel } from '../src/bus/bounded-channel.js';

const PRODUCERS = 4;
const PER_PRODUCER = 250_000;
const CONSUMERS = 2;

describe('BoundedChannel under load', () => {
  it('moves 4 producers × 250k messages into 2 consumers under block without loss or duplication', async () => {
    const channel = new BoundedChannel<number>({ capacity: 1024 });
    const seen = new Uint8Array(PRODUCERS * PER_PRODUCER);
    let outOfOrder = 0;
    const consume = async (): Promise<number> => {
      const last = new Array<number>(PRODUCERS).fill(-1);
      let count = 0;
      for await (const item of channel) {
        seen[item] = (seen[item] ?? 0) + 1;
        // Items of one producer reach each consumer in the order that producer sent them.
        const producer = item % PRODUCERS;
        if (item <= (last[producer] ?? -1)) outOfOrder += 1;
        last[producer] = item;
        count += 1;
      }
      return count;
    };
    const produce = async (producer: number): Promise<void> => {
      for (let index = 0; index < PER_PRODUCER; index += 1) await channel.send(index * PRODUCERS + producer);
    };
    const consumers = Array.from({ length: CONSUMERS }, consume);
    await Promise.all(Array.from({ length: PRODUCERS }, (_, producer) => produce(producer)));
    channel.close();
    const counts = await Promise.all(consumers);

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(PRODUCERS * PER_PRODUCER);
    expect(seen.every((times) => times === 1)).toBe(true);
    expect(outOfOrder).toBe(0);
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(channel.metrics()).toMatchObject({
      accepted: PRODUCERS * PER_PRODUCER,
      delivered: PRODUCERS * PER_PRODUCER,
      droppedTotal: 0,
      depth: 0,
    });
    expect(channel.metrics().highWaterMark).toBeLessThanOrEqual(1024);
  }, 60_000);
});
