#!/usr/bin/env node
// Runs every bench/*.bench.ts of the current workspace, one process each (so heap numbers do not mix),
// with --expose-gc for heap measurements. Each bench prints its own markdown table, framed by the machine's load
// average before and after it (docs/benchmarks.md records that "load" line with the numbers).
// The root `pnpm bench` runs the workspaces one at a time (turbo --concurrency=1), so no two benches share cores.
// Usage (from a workspace): node ../../scripts/run-benches.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const dir = join(process.cwd(), 'bench');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.bench.ts') && name.includes(filter))
      .sort()
  : [];
if (files.length === 0) {
  console.log(`no benchmarks in ${dir}${filter ? ` matching "${filter}"` : ''}`);
  process.exit(0);
}
/** `load: 1.23 / 0.98 / 0.70 (1/5/15 min average, 2 cores)`: above the core count, processes waited for a core. */
const loadLine = (when) =>
  `load ${when}: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')} (1/5/15 min average, ${cpus().length} cores)`;

let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}\n`);
  console.log(`${loadLine('before')}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
  });
  console.log(`\n${loadLine('after')}`);
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
