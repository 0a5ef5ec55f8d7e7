// Tool batches through ToolRegistry against the same sleeps run bare with Promise.all, side by side; and the
// cost of the path locks per call. Run: cd packages/core && node --import tsx bench/tools.bench.ts  (or `pnpm bench tools`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Tool, type ToolCall, ToolsSchema } from '@clawft/types';
import { PathLockManager } from '../src/locks/path-lock-manager.js';
import { ToolRegistry } from '../src/tools/tool-registry.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function sleepTool(ms: number, access: NonNullable<Tool['access']>): Tool {
  return {
    name: 'sleep',
    description: 'Sleeps.',
    parameters: { type: 'object' },
    access,
    execute: async () => {
      if (ms > 0) await sleep(ms);
      return { content: 'ok', isError: false };
    },
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timeEach(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

const calls = (count: number): ToolCall[] =>
  Array.from({ length: count }, (_, index) => ({ id: String(index), name: 'sleep', arguments: {} }));

async function batchRow(workspace: string, count: number, runs: number): Promise<string> {
  const registry = new ToolRegistry({ config: ToolsSchema.parse({ maxConcurrency: count }) });
  registry.register(
    sleepTool(100, (_args, context) => ({ writes: [join(context.workspace, `${Math.random()}.txt`)] })),
  );
  const batch = calls(count);
  const bare: number[] = [];
  const viaRegistry: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    bare.push(...(await timeEach(1, () => Promise.all(batch.map(() => sleep(100))))));
    viaRegistry.push(...(await timeEach(1, () => registry.runBatch(batch, { workspace }))));
  }
  const [b, r] = [median(bare), median(viaRegistry)];
  return `| ${count} × 100 ms, maxConcurrency ${count} | ${b.toFixed(1)} | ${r.toFixed(1)} | ${(r / b).toFixed(3)}× |`;
}

async function lockRows(workspace: string): Promise<string[]> {
  const runs = 2_000;
  const locks = new PathLockManager();
  const noop = sleepTool(0, () => ({}));
  const locked = new ToolRegistry({ config: ToolsSchema.parse({}) }).register(
    sleepTool(0, () => ({ writes: ['a.txt'] })),
  );
  const unlocked = new ToolRegistry({ config: ToolsSchema.parse({}) }).register(noop);
  const one = calls(1);
  const measures: Array<[string, () => Promise<unknown>]> = [
    [
      'tool.execute called directly (baseline)',
      () => noop.execute({}, { signal: new AbortController().signal, workspace }),
    ],
    [
      'PathLockManager acquire + release, 1 write path',
      async () => (await locks.acquire({ writes: ['a.txt'] }, { workspace })).release(),
    ],
    ['runBatch of 1 call, declares no path', () => unlocked.runBatch(one, { workspace })],
    ['runBatch of 1 call, writes 1 path', () => locked.runBatch(one, { workspace })],
  ];
  const rows: string[] = [];
  let baseline = 0;
  for (const [label, run] of measures) {
    await timeEach(200, run); // warm up
    const perCallUs = median(await timeEach(runs, run)) * 1000;
    if (baseline === 0) baseline = perCallUs;
    rows.push(`| ${label} | ${perCallUs.toFixed(1)} | ${(perCallUs / baseline).toFixed(1)}× |`);
  }
  return rows;
}

const workspace = await mkdtemp(join(tmpdir(), 'clawft-tools-bench-'));
try {
  console.log('| batch | bare Promise.all median (ms) | ToolRegistry median (ms) | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(await batchRow(workspace, 3, 30));
  console.log(await batchRow(workspace, 100, 20));
  console.log('\n| per call (median of 2000, sequential) | µs | vs direct call |');
  console.log('| --- | ---: | ---: |');
  for (const row of await lockRows(workspace)) console.log(row);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
