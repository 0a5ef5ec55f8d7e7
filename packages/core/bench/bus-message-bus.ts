// MessageBus (inbound: per-session lanes) against the bare BoundedChannel it wraps, measured side by side in one
// run: the lane layer's cost. Used by bus.bench.ts. With BUS_BASELINE set to another build's dist/index.js (an older
// commit built in a second worktree), that build's pair runs in the same rounds: before and after in one run.
import { pathToFileURL } from 'node:url';
import { BoundedChannel, MessageBus } from '@clawft/core';
import type { InboundMessage } from '@clawft/types';

/** One side of the comparison: publish, take, close. */
interface Side {
  publish(message: InboundMessage): Promise<unknown>;
  take(): Promise<InboundMessage>;
  close(): void;
}

/** What a build of @clawft/core must export to be measured. */
interface BusBuild {
  BoundedChannel: typeof BoundedChannel;
  MessageBus: typeof MessageBus;
}

type SideFactory = readonly [name: string, create: (capacity: number) => Side];

/** The channel and the bus of one build: always in this order (the ratio is side 0 over side 1). */
function pairOf(build: BusBuild, label: string): readonly [SideFactory, SideFactory] {
  return [
    [
      `BoundedChannel${label}`,
      (capacity) => {
        const channel = new build.BoundedChannel<InboundMessage>({ capacity });
        return {
          publish: (message) => channel.send(message),
          take: () => channel.receive(),
          close: () => channel.close(),
        };
      },
    ],
    [
      `MessageBus${label}`,
      (capacity) => {
        const bus = new build.MessageBus({ config: { inboundCapacity: capacity } });
        return {
          publish: (message) => bus.publishInbound(message),
          take: () => bus.consumeInbound(),
          close: () => bus.close(),
        };
      },
    ],
  ];
}

const baselinePath = process.env.BUS_BASELINE;
const PAIRS = [pairOf({ BoundedChannel, MessageBus }, '')];
if (baselinePath !== undefined && baselinePath !== '') {
  PAIRS.unshift(pairOf((await import(pathToFileURL(baselinePath).href)) as BusBuild, ' (baseline)'));
}
const SIDES = PAIRS.flat();

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

const median = (values: number[]): number =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;

/**
 * Per round, every side back to back (ABBA: reversed every other round, so drift in load or heap state hits all
 * alike); returns each side's best rate and, per build, the median over rounds of MessageBus ÷ BoundedChannel time.
 */
export async function busOverChannel(
  batch: readonly InboundMessage[],
  options: { capacity: number; producers: number; rounds: number },
): Promise<{ best: number[]; medianCostRatios: number[] }> {
  const best = SIDES.map(() => 0);
  const ratios: number[][] = PAIRS.map(() => []);
  for (let round = 0; round < options.rounds; round += 1) {
    const rates: number[] = [];
    const order = SIDES.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const create = SIDES[index]?.[1];
      if (create !== undefined) rates[index] = await rate(create(options.capacity), batch, options.producers);
    }
    rates.forEach((value, index) => {
      best[index] = Math.max(best[index] ?? 0, value);
    });
    // Time per message of the bus over that of the channel: 1.2 means the bus costs 20% more.
    for (let pair = 0; pair < PAIRS.length; pair += 1) {
      ratios[pair]?.push((rates[2 * pair] ?? 0) / (rates[2 * pair + 1] ?? 1));
    }
  }
  return { best, medianCostRatios: ratios.map(median) };
}

export const SIDE_NAMES = SIDES.map(([name]) => name);
/** The label of each build's pair (`''` for this build, `' (baseline)'`), in `medianCostRatios` order. */
export const PAIR_LABELS = PAIRS.map(([[name]]) => name.replace('BoundedChannel', ''));
