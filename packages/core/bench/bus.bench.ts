// Message bus throughput and heap under overload: clawft's BoundedChannel against p-queue gated by
// onSizeLessThan and a Node stream pair with highWaterMark, in one run; then MessageBus (per-session lanes) against
// the BoundedChannel it wraps, and what 100k refusals cost beside 100k acceptances. Prints markdown tables.
// Run: cd packages/core && node --expose-gc --import tsx bench/bus.bench.ts   (or: pnpm bench bus)
import { cpus, loadavg } from 'node:os';
import { setImmediate as tick } from 'node:timers/promises';
import { busOverChannel, messages, PAIR_LABELS, SIDE_NAMES } from './bus-message-bus.js';
import { boundedChannel, pQueue, type QueueFactory, streamPair } from './bus-queues.js';
import { REFUSALS, refusalCosts } from './bus-refusals.js';

const CAPACITY = 1024;
const MESSAGES = 500_000;
const ROUNDS = 7;
const OVERLOAD_ATTEMPTS = 100_000;
const ITEM_SLOTS = 128; // ~1 KiB per item on the heap (8-byte slots)

const QUEUES: readonly [string, QueueFactory][] = [
  ['BoundedChannel (block)', boundedChannel],
  ['p-queue + onSizeLessThan', pQueue],
  ['PassThrough highWaterMark', streamPair],
];

let checksum = 0;

/** Messages per second moving `MESSAGES` numbers from `producers` producers to `consumers` consumers. */
async function throughput(factory: QueueFactory, producers: number, consumers: number): Promise<number> {
  const queue = factory<number>(CAPACITY);
  let received = 0;
  const started = performance.now();
  const consuming = Array.from({ length: consumers }, () =>
    queue.consume((item) => {
      checksum ^= item;
      received += 1;
    }),
  );
  const produce = async (offset: number): Promise<void> => {
    for (let index = offset; index < MESSAGES; index += producers) {
      const pending = queue.produce(index);
      if (pending !== undefined) await pending;
    }
  };
  await Promise.all(Array.from({ length: producers }, (_, offset) => produce(offset)));
  await queue.end();
  await Promise.all(consuming);
  const elapsedMs = performance.now() - started;
  if (received !== MESSAGES) throw new Error(`lost messages: ${received} of ${MESSAGES}`);
  return (MESSAGES / elapsedMs) * 1000;
}

interface Throughput {
  /** Best messages/s of each queue (in `QUEUES` order). */
  best: number[];
  /** Median over rounds of BoundedChannel ÷ the better baseline in the same round (robust to load drifting). */
  medianRatio: number;
}

/** `ROUNDS` rounds, each measuring every queue back to back, so that load from other processes hits all alike. */
async function measure(producers: number, consumers: number): Promise<Throughput> {
  const best = QUEUES.map(() => 0);
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rates: number[] = [];
    for (const [, factory] of QUEUES) rates.push(await throughput(factory, producers, consumers));
    rates.forEach((rate, index) => {
      best[index] = Math.max(best[index] ?? 0, rate);
    });
    ratios.push((rates[0] ?? 0) / Math.max(...rates.slice(1)));
  }
  ratios.sort((left, right) => left - right);
  return { best, medianRatio: ratios[Math.floor(ratios.length / 2)] ?? 0 };
}

function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** Retained heap (MiB) and items held after 4 producers attempt `OVERLOAD_ATTEMPTS` 1 KiB items at a stalled consumer. */
async function overload(factory: QueueFactory): Promise<{ heapMiB: number; held: number }> {
  const queue = factory<number[]>(CAPACITY);
  queue.stall();
  const before = heapUsed();
  let attempted = 0;
  const produce = async (): Promise<void> => {
    while (attempted < OVERLOAD_ATTEMPTS) {
      attempted += 1;
      const pending = queue.produce(new Array<number>(ITEM_SLOTS).fill(attempted));
      if (pending !== undefined) await pending.catch(() => undefined);
    }
  };
  const producing = Array.from({ length: 4 }, produce);
  let last = -1;
  while (attempted !== last && attempted < OVERLOAD_ATTEMPTS) {
    last = attempted;
    for (let index = 0; index < 5; index += 1) await tick();
  }
  const heapMiB = (heapUsed() - before) / 2 ** 20;
  const held = queue.held();
  queue.destroy();
  void Promise.allSettled(producing);
  return { heapMiB, held };
}

const oneToOne = await measure(1, 1);
const fourToFour = await measure(4, 4);
const rows: string[][] = [];
for (const [index, [name, factory]] of QUEUES.entries()) {
  const { heapMiB, held } = await overload(factory);
  rows.push([
    name,
    format(oneToOne.best[index] ?? 0),
    format(fourToFour.best[index] ?? 0),
    heapMiB.toFixed(2),
    String(held),
  ]);
}

function format(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M/s`;
}

const ratios = (result: Throughput): string => {
  const best = result.best;
  return `${((best[0] ?? 0) / Math.max(...best.slice(1))).toFixed(1)}× best/best, ${result.medianRatio.toFixed(1)}× median per round`;
};

console.log(
  `Capacity ${CAPACITY}; ${MESSAGES} messages per run, best of ${ROUNDS} interleaved rounds; overload: 4 producers,`,
);
console.log(`${OVERLOAD_ATTEMPTS} attempted ~1 KiB items, consumer stalled; Node ${process.version}.\n`);
console.log('| queue | 1→1 msgs/s | 4→4 msgs/s | heap under overload (MiB) | items held |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(
  `\nBoundedChannel vs the better baseline: 1→1 ${ratios(oneToOne)}; 4→4 ${ratios(fourToFour)} (checksum ${checksum}).`,
);

// MessageBus against the BoundedChannel it wraps: messages per CPU second, median cost ratio over ABBA rounds.
// BUS_BASELINE=<another build's dist/index.js> adds that build's pair to the same rounds (see bus-message-bus.ts).
const LANE_MESSAGES = 200_000;
const LANE_ROUNDS = 8;
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const loadAtStart = load();
console.log(
  `\nMessageBus (inbound, per-session lanes) vs a bare BoundedChannel, capacity ${CAPACITY}; ${LANE_MESSAGES} messages`,
);
console.log(
  `per run, ${LANE_ROUNDS} ABBA rounds; messages per CPU second (user + system), best of the rounds.\n`,
);
const ratioNames = PAIR_LABELS.map((label) => `bus ÷ channel${label} (median)`);
console.log(`| sessions | producers → 1 consumer | ${[...SIDE_NAMES, ...ratioNames].join(' | ')} |`);
console.log(`|${'---:|'.repeat(2 + SIDE_NAMES.length + ratioNames.length)}`);
for (const sessions of [1, 16, 1000]) {
  const batch = messages(LANE_MESSAGES, sessions);
  for (const producers of [1, 4]) {
    const result = await busOverChannel(batch, { capacity: CAPACITY, producers, rounds: LANE_ROUNDS });
    const cells = [
      ...result.best.map(format),
      ...result.medianCostRatios.map((ratio) => `${ratio.toFixed(2)}×`),
    ];
    console.log(`| ${sessions} | ${producers} | ${cells.join(' | ')} |`);
  }
}
console.log(
  `\nLoad average (1 / 5 / 15 min) on ${cpus().length} CPUs: ${loadAtStart} before these rows, ${load()} after.`,
);

console.log(
  `\n${REFUSALS} attempts at a full channel (capacity 1), outcomes kept; median of 5 interleaved rounds.\n`,
);
console.log('| attempt | time (ms) | × accepted | heap held (MiB) |');
console.log('|---|---:|---:|---:|');
const costs = await refusalCosts(5);
const baselineMs = costs[0]?.ms ?? 1;
for (const cost of costs) {
  console.log(
    `| ${cost.name} | ${cost.ms.toFixed(0)} | ${(cost.ms / baselineMs).toFixed(1)} | ${cost.heapMiB.toFixed(1)} |`,
  );
}
