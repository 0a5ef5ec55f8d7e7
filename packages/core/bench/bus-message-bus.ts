// MessageBus (inbound: per-session lanes) against the bare BoundedChannel it wraps, measured side by side in one
// run: the lane layer's cost. Used by bus.bench.ts.
import { BoundedChannel, MessageBus } from '@clawft/core';
import type { InboundMessage } from '@clawft/types';

/** One side of the comparison: publish, take, close. */
interface Side {
  publish(message: InboundMessage): Promise<unknown>;
  take(): Promise<InboundMessage>;
  close(): void;
}

const SIDES: readonly [string, (capacity: number) => Side][] = [
  [
    'BoundedChannel',
    (capacity) => {
      const channel = new BoundedChannel<InboundMessage>({ capacity });
      return {
        publish: (message) => channel.send(message),
        take: () => channel.receive(),
        close: () => channel.close(),
      };
    },
  ],
  [
    'MessageBus',
    (capacity) => {
      const bus = new MessageBus({ config: { inboundCapacity: capacity } });
      return {
        publish: (message) => bus.publishInbound(message),
        take: () => bus.consumeInbound(),
        close: () => bus.close(),
      };
    },
  ],
];

/** `count` messages spread round-robin over `sessions` chats. */
export function messages(count: number, sessions: number): InboundMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    channel: 'bench',
    senderId: `user${index % sessions}`,
    chatId: `chat${index % sessions}`,
    content: `message ${index}`,
    media: [],
    metadata: {},
    timestamp: index,
  }));
}

/** Messages per CPU second (user + system: robust to other processes taking the cores, unlike wall time). */
async function rate(side: Side, batch: readonly InboundMessage[], producers: number): Promise<number> {
  const started = process.cpuUsage();
  const produce = async (offset: number): Promise<void> => {
    for (let index = offset; index < batch.length; index += producers) await side.publish(batch[index]!);
  };
  const consume = async (): Promise<void> => {
    for (let taken = 0; taken < batch.length; taken += 1) await side.take();
  };
  await Promise.all([consume(), ...Array.from({ length: producers }, (_, offset) => produce(offset))]);
  side.close();
  const used = process.cpuUsage(started);
  return (batch.length / (used.user + used.system)) * 1e6;
}

/** Per round, every side back to back; returns the median over rounds of MessageBus ÷ BoundedChannel time. */
export async function busOverChannel(
  batch: readonly InboundMessage[],
  options: { capacity: number; producers: number; rounds: number },
): Promise<{ best: number[]; medianCostRatio: number }> {
  const best = SIDES.map(() => 0);
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const rates: number[] = [];
    // ABBA within a round, so drift in load or heap state hits both sides alike.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) {
      const create = SIDES[index]?.[1];
      if (create !== undefined) rates[index] = await rate(create(options.capacity), batch, options.producers);
    }
    rates.forEach((value, index) => {
      best[index] = Math.max(best[index] ?? 0, value);
    });
    // Time per message of the bus over that of the channel: 1.2 means the bus costs 20% more.
    ratios.push((rates[0] ?? 0) / (rates[1] ?? 1));
  }
  ratios.sort((left, right) => left - right);
  return { best, medianCostRatio: ratios[Math.floor(ratios.length / 2)] ?? 0 };
}

export const SIDE_NAMES = SIDES.map(([name]) => name);
