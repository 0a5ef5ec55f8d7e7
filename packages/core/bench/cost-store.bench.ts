// Cost of the budget stores: booking one attempt (reserve → book → release, flushed) on the memory, file and
// JetStream stores, one at a time, with the memory store as the baseline measured in the same run; and reserve
// latency p50/p99 with 8 worker processes reserving at once against one shared store (file, then JetStream).
// Starts its own nats-server (from PATH) on a free port with a temporary store.
// Run: cd packages/core && node --import tsx bench/cost-store.bench.ts   (or: pnpm bench cost-store)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NatsBusSchema } from '@clawft/types';
import type { BudgetStore } from '../src/cost/budget-store.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openFileBudgetStore } from '../src/cost/file-budget-store.js';
import { createMemoryBudgetStore } from '../src/cost/memory-budget-store.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { natsServerBinary, startNatsServer } from '../test/helpers/nats-server.js';

const WORKERS = 8;
const RESERVES_PER_WORKER = 60;
const WARM_UP_RESERVES = 10;
const pricing = { 'bench/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 1 } };
const usage = { inputTokens: 500, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0 };
const budgets = { perSenderDailyLimitUsd: 1e9, globalDailyLimitUsd: 1e12 };

type StoreSpec = { kind: 'file'; dir: string; fsync: 'always' | 'never' } | { kind: 'nats'; url: string };

function open(spec: StoreSpec): Promise<BudgetStore> {
  if (spec.kind === 'file') return openFileBudgetStore({ dir: spec.dir, fsync: spec.fsync });
  return openNatsBudgetStore({ nats: NatsBusSchema.parse({ servers: [spec.url], stream: 'BENCH' }) });
}

/** µs per attempt booked: reserve, book, release and flush, one request after another. */
async function bookingMicros(store: BudgetStore, attempts: number): Promise<number> {
  const tracker = await CostTracker.open({ store, pricing, budgets });
  const run = async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      const reservation = await tracker.reserve({
        senderId: `s${index % 16}`,
        model: 'bench/model',
        amountUsd: 0.01,
        requestId: `${index}`,
      });
      tracker.book(reservation, {
        provider: 'bench',
        model: 'bench/model',
        attempt: 1,
        usage,
        success: true,
      });
      tracker.release(reservation);
      await tracker.flush();
    }
  };
  await run(Math.ceil(attempts / 10)); // warm-up
  const started = performance.now();
  await run(attempts);
  const micros = ((performance.now() - started) * 1000) / attempts;
  await tracker.close();
  return micros;
}

/** Worker mode: waits for "go", reserves (and releases) RESERVES_PER_WORKER times, prints each reserve's ms. */
async function worker(spec: StoreSpec): Promise<void> {
  const tracker = await CostTracker.open({ store: await open(spec), pricing, budgets });
  // Warm up (module loading, JIT, the store's first connection and lock file) before "ready": the figures
  // are for a running process, not its first reserve.
  for (let index = 0; index < WARM_UP_RESERVES; index += 1) await reserveOnce(tracker, `warm-${index}`);
  process.stdout.write('ready\n');
  const input = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => input.once('line', () => resolve()));
  // An open stdin would keep this process alive after its report.
  input.close();
  process.stdin.destroy();
  const samples: number[] = [];
  for (let index = 0; index < RESERVES_PER_WORKER; index += 1)
    samples.push(await reserveOnce(tracker, `${index}`));
  await tracker.close();
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

/** One reserve of this worker's sender, then its release (flushed); returns how long the reserve took, ms. */
async function reserveOnce(tracker: CostTracker, requestId: string): Promise<number> {
  const started = performance.now();
  const reservation = await tracker.reserve({
    senderId: `w${process.pid}`,
    model: 'bench/model',
    amountUsd: 0.01,
    requestId,
  });
  const elapsedMs = performance.now() - started;
  tracker.release(reservation);
  await tracker.flush();
  return elapsedMs;
}

/** Reserve latencies (ms) of WORKERS processes reserving at once against `spec`. */
async function concurrentReserves(spec: StoreSpec): Promise<number[]> {
  const children = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', JSON.stringify(spec)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  // Listen for the exits now: a child may be gone before its report is parsed.
  const exits = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  const lines = children.map((child) => {
    const reader = createInterface({ input: child.stdout });
    const queue: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    reader.on('line', (line) => {
      const next = waiting.shift();
      if (next === undefined) queue.push(line);
      else next(line);
    });
    return () =>
      new Promise<string>((resolve) =>
        queue.length > 0 ? resolve(queue.shift() ?? '') : waiting.push(resolve),
      );
  });
  await Promise.all(lines.map((next) => next()));
  for (const child of children) child.stdin.end('go\n');
  const results = await Promise.all(lines.map(async (next) => JSON.parse(await next()) as number[]));
  await Promise.all(exits);
  return results.flat();
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

if (process.argv[2] === '--worker') {
  await worker(JSON.parse(process.argv[3] ?? '{}') as StoreSpec);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'clawft-cost-bench-'));
  const binary = natsServerBinary();
  const server = binary === undefined ? undefined : await startNatsServer(binary);
  try {
    const memory = await bookingMicros(createMemoryBudgetStore(), 20_000);
    const rows: [string, number][] = [['memory', memory]];
    rows.push([
      'file (fsync always)',
      await bookingMicros(await open({ kind: 'file', dir: join(dir, 'a'), fsync: 'always' }), 300),
    ]);
    rows.push([
      'file (fsync never)',
      await bookingMicros(await open({ kind: 'file', dir: join(dir, 'b'), fsync: 'never' }), 500),
    ]);
    if (server !== undefined)
      rows.push([
        'nats (JetStream KV + stream)',
        await bookingMicros(await open({ kind: 'nats', url: server.url }), 500),
      ]);
    console.log(
      `Booking one attempt (reserve + book + release, flushed), one at a time, Node ${process.version}\n`,
    );
    console.log('| store | µs / attempt | × memory |');
    console.log('|---|---:|---:|');
    for (const [name, micros] of rows)
      console.log(`| ${name} | ${micros.toFixed(1)} | ${(micros / memory).toFixed(0)} |`);

    const specs: [string, StoreSpec][] = [
      ['file (fsync always)', { kind: 'file', dir: join(dir, 'shared'), fsync: 'always' }],
    ];
    if (server !== undefined) specs.push(['nats', { kind: 'nats', url: server.url }]);
    console.log(
      `\nReserve latency, ${WORKERS} worker processes × ${RESERVES_PER_WORKER} reserves at once on one store\n`,
    );
    console.log('| store | p50 ms | p90 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, spec] of specs) {
      const samples = await concurrentReserves(spec);
      console.log(
        `| ${name} | ${[50, 90, 99, 100].map((p) => percentile(samples, p).toFixed(2)).join(' | ')} |`,
      );
    }
  } finally {
    await server?.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
