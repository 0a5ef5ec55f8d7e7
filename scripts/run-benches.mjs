#!/usr/bin/env node
// Runs every bench/*.bench.ts of the current workspace, one process each (so heap numbers do not mix),
// with --expose-gc for heap measurements. Each bench prints its own markdown table.
// Usage (from a workspace): node ../../scripts/run-benches.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
