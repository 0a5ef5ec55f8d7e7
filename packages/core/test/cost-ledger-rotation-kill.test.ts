// kill -9 of processes booking to a file store whose ledger rotates every few entries and drops segments older than
// the retention, one simulated budget day per process: no entry a process had flushed is lost while its day is
// retained, no entry is doubled, and the totals of every retained day equal the sum of the entries kept for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { budgetPeriod, oldestRetainedDay } from '../src/cost/budget-period.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openFileBudgetStore } from '../src/cost/file-budget-store.js';
import { readLedgerLines } from '../src/cost/ledger-file.js';
import { listLedgerSegments, readLedger } from '../src/cost/ledger-segments.js';
import { bundleFixture } from './helpers/bundle-fixture.js';
import { COST_WORKER_FIXTURE, spawnCostWorker } from './helpers/cost-workers.js';

const DAYS = 30;
const DAY_MS = 86_400_000;
const RETENTION_DAYS = 3;
const SEGMENT_BYTES = 4096;
// Mid-January: the run crosses into February, where January's days are no longer needed.
const START_MS = Date.UTC(2026, 0, 15, 1);
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };

describe('the rotating file ledger after kill -9', () => {
  let dir: string;
  let bundle: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-rotate-kill-'));
    bundle = await bundleFixture(COST_WORKER_FIXTURE, dir, 'cost-worker');
  }, 60_000);
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`loses no flushed entry of a retained day through ${DAYS} SIGKILLs while rotating and deleting`, async () => {
    const store = join(dir, 'costs');
    /** attempt id → the budget day of the process that reported it flushed. */
    const flushed = new Map<string, string>();
    let segmentsSeen = 0;
    for (let day = 0; day < DAYS; day += 1) {
      const worker = spawnCostWorker(
        {
          store: { kind: 'file', dir: store, fsync: 'never', segmentBytes: SEGMENT_BYTES },
          mode: 'book',
          budgetUsd: 1e9,
          requests: 0,
          leaseMs: 2000,
          retentionDays: RETENTION_DAYS,
          startMs: START_MS + day * DAY_MS,
        },
        bundle,
      );
      try {
        await worker.line('booking');
        await new Promise((resolve) => setTimeout(resolve, (day * 7) % 40));
      } finally {
        await worker.kill();
      }
      const dayOf = budgetPeriod(START_MS + day * DAY_MS, 0).day;
      for (const line of worker.lines) {
        const ids = line.flushed;
        if (Array.isArray(ids)) for (const id of ids) flushed.set(String(id), dayOf);
      }
      segmentsSeen = Math.max(segmentsSeen, (await listLedgerSegments(store)).length);
    }
    const nowMs = START_MS + (DAYS - 1) * DAY_MS + 3_600_000;
    const retainedFrom = oldestRetainedDay(nowMs, 0, RETENTION_DAYS);
    const { entries } = await readLedger(store, 0);
    const kept = new Set(entries.map((entry) => entry.attemptId));
    expect(kept.size).toBe(entries.length);
    expect(segmentsSeen).toBeGreaterThan(3);
    expect(retainedFrom).toBe('2026-02-01');

    const tracker = await CostTracker.open({
      pricing,
      retentionDays: RETENTION_DAYS,
      clock: () => nowMs,
      store: await openFileBudgetStore({ dir: store, segmentBytes: SEGMENT_BYTES }),
    });
    const byDay = new Map<string, number>();
    for (const entry of entries) byDay.set(entry.day, (byDay.get(entry.day) ?? 0) + entry.costUsd);
    const lost = [...flushed].filter(([id, day]) => day >= retainedFrom && !kept.has(id));
    expect(lost).toEqual([]);
    // February 1st to 13th: every process flushed an entry before it was killed.
    const retainedDays = [...byDay.keys()].filter((day) => day >= retainedFrom);
    expect(retainedDays).toHaveLength(13);
    const sum = retainedDays.reduce((total, day) => total + (byDay.get(day) ?? 0), 0);
    expect(budgetPeriod(nowMs, 0).month).toBe('2026-02');
    expect(tracker.spend().monthlyUsd).toBeCloseTo(sum, 9);
    await tracker.close();
    // Segments were started, and those holding only January (before the retained days) deleted: the oldest left
    // reaches into February.
    const left = await listLedgerSegments(store);
    expect(left.some((segment) => segment.base === 0)).toBe(false);
    const oldest = (await readLedgerLines(left[0]?.file ?? '', 0)).entries;
    expect(oldest.some((entry) => entry.day >= retainedFrom)).toBe(true);
  }, 600_000);
});
