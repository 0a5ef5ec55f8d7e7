// What 100k refusals of a full channel cost (time and retained heap, the settled errors kept), beside 100k
// acceptances into a channel with room, measured in the same run. Used by bus.bench.ts.
import { BoundedChannel } from '@clawft/core';

export const REFUSALS = 100_000;

export interface RefusalCost {
  name: string;
  /** Wall milliseconds for all attempts and their settlement. */
  ms: number;
  /** Heap retained while the outcomes are held, MiB. */
  heapMiB: number;
}

function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

type Attempt = (channel: BoundedChannel<number>, item: number) => Promise<unknown> | unknown;

const CASES: readonly [string, () => BoundedChannel<number>, Attempt][] = [
  ['accepted send (baseline)', () => new BoundedChannel({ capacity: REFUSALS + 2 }), (c, i) => c.send(i)],
  [
    'reject: send refused',
    () => new BoundedChannel({ capacity: 1, overflowPolicy: 'reject' }),
    (c, i) => c.send(i).catch((error: unknown) => error),
  ],
  [
    'block: refused beyond maxWaitingSenders',
    () => new BoundedChannel({ capacity: 1, maxWaitingSenders: 1 }),
    (c, i) => c.send(i).catch((error: unknown) => error),
  ],
  ['trySend refused', () => new BoundedChannel({ capacity: 1 }), (c, i) => c.trySend(i)],
];

async function measure(create: () => BoundedChannel<number>, attempt: Attempt): Promise<[number, number]> {
  const channel = create();
  void channel.send(-1).catch(() => undefined);
  void channel.send(-2).catch(() => undefined); // fills capacity 1 and the one waiting place
  const before = heapUsed();
  const started = performance.now();
  const outcomes: unknown[] = new Array(REFUSALS);
  for (let index = 0; index < REFUSALS; index += 1) outcomes[index] = attempt(channel, index);
  await Promise.all(outcomes);
  const ms = performance.now() - started;
  const heapMiB = (heapUsed() - before) / 2 ** 20;
  channel.close();
  outcomes.length = 0;
  return [ms, heapMiB];
}

/** Each case `rounds` times, interleaved; the median time and heap of each. */
export async function refusalCosts(rounds: number): Promise<RefusalCost[]> {
  const samples = CASES.map(() => ({ ms: [] as number[], heap: [] as number[] }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, [, create, attempt]] of CASES.entries()) {
      const [ms, heap] = await measure(create, attempt);
      samples[index]?.ms.push(ms);
      samples[index]?.heap.push(heap);
    }
  }
  const median = (values: number[]): number =>
    values.sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;
  return CASES.map(([name], index) => ({
    name,
    ms: median(samples[index]?.ms ?? []),
    heapMiB: median(samples[index]?.heap ?? []),
  }));
}
