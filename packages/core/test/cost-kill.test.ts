import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostTracker } from '../src/cost/cost-tracker.js';

const KILLS = 60;
const AT_ONCE = 10;
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };

/** Starts a child that books to `file`, waits until it is booking, kills it with SIGKILL a moment later. */
async function killWhileBooking(file: string, delayMs: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures/cost-book-forever.ts'), file],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  await exited;
}

describe('CostTracker after kill -9', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-kill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`leaves no orphaned temp file after the next open, ${KILLS} SIGKILLs during booking later`, async () => {
    const file = join(dir, 'costs.json');
    const temps = async (): Promise<string[]> => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    let orphansSeen = 0;
    for (let start = 0; start < KILLS; start += AT_ONCE) {
      const batch = Array.from({ length: AT_ONCE }, (_, index) =>
        killWhileBooking(file, (start + index) % 13),
      );
      await Promise.all(batch);
      // (Each child's own open swept what earlier ones left.)
      orphansSeen = Math.max(orphansSeen, (await temps()).length);
    }
    // The kills did catch saves mid-write: without the sweep these temp files would stay for good.
    expect(orphansSeen).toBeGreaterThan(0);
    const tracker = await CostTracker.open({ pricing, file });
    expect(await temps()).toEqual([]);
    expect(tracker.ledger().length).toBeGreaterThan(0);
    expect(tracker.spend().dailyUsd).toBeGreaterThan(0);
  }, 180_000);
});
