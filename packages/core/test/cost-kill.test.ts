// kill -9 of processes booking to one file store, 100 times: the ledger stays consistent (every entry parses, each
// attempt once), the totals equal the sum of the entries, and no temp or lock file is left behind once the next
// process has opened the store and reserved.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openFileBudgetStore } from '../src/cost/file-budget-store.js';
import { readLedgerLines } from '../src/cost/ledger-file.js';
import { bundleFixture } from './helpers/bundle-fixture.js';
import { COST_WORKER_FIXTURE, spawnCostWorker } from './helpers/cost-workers.js';

const KILLS = 100;
const AT_ONCE = 10;
const LEASE_MS = 2000;
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };

/** Starts a worker booking to `dir`, waits until it books, kills it with SIGKILL `delayMs` later. */
async function killWhileBooking(dir: string, delayMs: number, bundle: string): Promise<void> {
  const worker = spawnCostWorker(
    {
      store: { kind: 'file', dir, fsync: 'never' },
      mode: 'book',
      budgetUsd: 1e9,
      requests: 0,
      leaseMs: LEASE_MS,
    },
    bundle,
  );
  try {
    await worker.line('booking');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  } finally {
    await worker.kill();
  }
}

describe('the file store after kill -9', () => {
  let dir: string;
  let bundle: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-kill-'));
    // Bundled once: 100 starts through tsx would spend most of the test loading modules.
    bundle = await bundleFixture(COST_WORKER_FIXTURE, dir, 'cost-worker');
  }, 60_000);
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`keeps the ledger and totals consistent through ${KILLS} SIGKILLs while booking`, async () => {
    const store = join(dir, 'costs');
    for (let start = 0; start < KILLS; start += AT_ONCE) {
      await Promise.all(
        Array.from({ length: AT_ONCE }, (_, index) => killWhileBooking(store, (start + index) % 23, bundle)),
      );
    }
    const lines = (await readFile(join(store, 'ledger.jsonl'), 'utf8')).split('\n');
    const { entries } = await readLedgerLines(join(store, 'ledger.jsonl'), 0);
    // Only a line a killed writer tore (then ended by the next writer) may fail to parse.
    const torn = lines.filter((line) => line !== '').length - entries.length;
    expect(torn).toBeLessThanOrEqual(KILLS);
    // Each child flushed at least its first booking before it said it was booking.
    expect(entries.length).toBeGreaterThanOrEqual(KILLS);
    expect(new Set(entries.map((entry) => entry.attemptId)).size).toBe(entries.length);

    const tracker = await CostTracker.open({ pricing, store: await openFileBudgetStore({ dir: store }) });
    const sum = entries.reduce((total, entry) => total + entry.costUsd, 0);
    expect(tracker.spend().dailyUsd).toBeCloseTo(sum, 9);
    // The next process's open swept the temp files, its first reservation broke the dead lock holders' locks.
    const reservation = await tracker.reserve({ model: 'test/model', amountUsd: 0, requestId: 'after' });
    tracker.release(reservation);
    await tracker.close();
    expect((await readdir(store)).sort()).toEqual(['holds.json', 'ledger.jsonl', 'totals.json']);
  }, 600_000);
});
