// SessionStore shared by processes (issue 17): what revalidating the cache on every load costs. For histories of
// several lengths, side by side in one run: a cold load (a new store parses the whole file: the baseline), a load
// of an unchanged cached session (one stat and the snapshot copy), and a load after another store appended one
// record (the tail only). The tail read should stay flat while the cold load grows with the history.
// Run: cd packages/core && node --import tsx bench/sessions.bench.ts   (or: pnpm bench sessions)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage } from '@clawft/types';
import { SessionStore } from '../src/sessions/session-store.js';

const LENGTHS = [250, 1_000, 4_000];
const ROUNDS = 40;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const turn = (index: number): ChatMessage[] => [
  { role: 'user', content: `question ${index}: ${'lorem ipsum '.repeat(8)}` },
  { role: 'assistant', content: `answer ${index}: ${'dolor sit amet '.repeat(12)}`, toolCalls: [] },
];

async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

const workspace = await mkdtemp(join(tmpdir(), 'clawft-bench-sessions-'));
try {
  console.log('records | cold load ms | cached unchanged ms (×cold) | after a foreign append ms (×cold)');
  for (const records of LENGTHS) {
    const key = `bench:${records}`;
    const writer = new SessionStore({ workspace, fsync: false });
    for (let index = 0; index < records; index += 1) await writer.append(key, turn(index));
    const reader = new SessionStore({ workspace, fsync: false });
    await reader.load(key);
    const cold: number[] = [];
    const cached: number[] = [];
    const tail: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      cold.push(await timed(() => new SessionStore({ workspace, fsync: false }).load(key)));
      cached.push(await timed(() => reader.load(key)));
      await writer.append(key, turn(records + round));
      tail.push(await timed(() => reader.load(key)));
    }
    const base = median(cold);
    const ratio = (values: number[]) =>
      `${median(values).toFixed(3)} (×${(median(values) / base).toFixed(3)})`;
    console.log(`${records} | ${base.toFixed(3)} | ${ratio(cached)} | ${ratio(tail)}`);
  }
} finally {
  await rm(workspace, { recursive: true, force: true });
}
