// Startup cost of the built CLI: wall time of `clawft --version`, `clawft --help`, `clawft agent --help` (a
// command's own options and help, parsed in two passes) and `clawft status` (which
// loads the workspace packages) against `node -e ""` (the floor: node itself), each a fresh process, runs
// interleaved so that load from other processes hits all alike. Prints a markdown table.
// Run: pnpm build && cd apps/agent && pnpm bench startup
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 30;
const WARMUP = 3;
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'clawft-startup-bench-'));

const cases: { name: string; args: string[] }[] = [
  { name: 'node -e ""', args: ['-e', ''] },
  { name: 'clawft --version', args: [CLI, '--version'] },
  { name: 'clawft --help', args: [CLI, '--help'] },
  { name: 'clawft agent --help (two-pass parse, no packages)', args: [CLI, 'agent', '--help'] },
  { name: 'clawft status (loads the packages)', args: [CLI, 'status'] },
];

/** Wall milliseconds of one process from spawn to exit. */
function timeOnce(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;

const samples = cases.map(() => [] as number[]);
for (let run = 0; run < WARMUP + RUNS; run += 1) {
  cases.forEach((entry, index) => {
    const ms = timeOnce(entry.args);
    if (run >= WARMUP) samples[index]?.push(ms);
  });
}
rmSync(home, { recursive: true, force: true });

/** os.loadavg(): above the core count means processes waited for a core during the run. */
const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

const floor = quantile(samples[0] ?? [], 0.5);
console.log(
  `${RUNS} runs each after ${WARMUP} warm-up rounds, interleaved; load average (1/5/15 min, 2 cores) ${loadAverage()}\n`,
);
console.log('| command | median ms | p95 ms | median vs node -e "" |');
console.log('| --- | ---: | ---: | ---: |');
cases.forEach((entry, index) => {
  const values = samples[index] ?? [];
  const median = quantile(values, 0.5);
  console.log(
    `| ${entry.name} | ${median.toFixed(1)} | ${quantile(values, 0.95).toFixed(1)} | ${(median / floor).toFixed(2)}× |`,
  );
});
