import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsBusSchema } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oldestRetainedDay } from './budget-period.js';
import type { BudgetStore } from './budget-store.js';
import type { LedgerEntry } from './cost-ledger.js';
import { CostTracker } from './cost-tracker.js';
import { openFileBudgetStore } from './file-budget-store.js';
import { listLedgerSegments, readLedger } from './ledger-segments.js';
import { readCostLedger } from './read-cost-ledger.js';

const PER_DAY = 10;
const RETENTION_DAYS = 10;
const COMPACT_EVERY = 20;
const SEGMENT_BYTES = 8192;
// $1 per million input tokens: a booking of N tokens costs N / 1e6 USD.
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };

/** Books `PER_DAY` entries a day from `fromDay` (index of days since 2026-01-01) for `days` days; returns the clock. */
async function bookDays(store: BudgetStore, fromDay: number, days: number, reference: Map<string, number>) {
  let now = Date.UTC(2026, 0, 1 + fromDay, 1);
  const tracker = await CostTracker.open({
    store,
    pricing,
    retentionDays: RETENTION_DAYS,
    compactEvery: COMPACT_EVERY,
    clock: () => now,
  });
  for (let day = fromDay; day < fromDay + days; day += 1) {
    for (let slot = 0; slot < PER_DAY; slot += 1) {
      now = Date.UTC(2026, 0, 1 + day, 1 + slot);
      const reservation = await tracker.reserve({
        model: 'test/model',
        amountUsd: 0.01,
        requestId: `${day}`,
      });
      const tokens = 1000 * (1 + ((day + slot) % 5));
      const entry = tracker.book(reservation, {
        provider: 'test',
        model: 'test/model',
        attempt: 1,
        usage: { inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        success: true,
      });
      reference.set(entry.day, (reference.get(entry.day) ?? 0) + entry.costUsd);
      tracker.release(reservation);
    }
    // A service does I/O between its calls, during which the store catches up with its bookings.
    await tracker.flush();
  }
  await tracker.close();
  return now;
}

function sumByDay(entries: readonly LedgerEntry[]): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const entry of entries) byDay.set(entry.day, (byDay.get(entry.day) ?? 0) + entry.costUsd);
  return byDay;
}

describe('the file ledger in segments', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-ledger-rotation-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps about the retention of entries over 150 days, every retained day complete and equal to the totals', async () => {
    const storeDir = join(dir, 'costs');
    const reference = new Map<string, number>();
    const store = await openFileBudgetStore({ dir: storeDir, fsync: 'never', segmentBytes: SEGMENT_BYTES });
    const nowMs = await bookDays(store, 0, 150, reference);
    const { entries } = await readLedger(storeDir, 0);
    const retainedFrom = oldestRetainedDay(nowMs, 0, RETENTION_DAYS);
    // 1500 entries were booked; at most the month so far (or the retention) plus a segment and a compaction are kept.
    const entryBytes = (await readFile((await listLedgerSegments(storeDir)).at(-1)?.file ?? '', 'utf8'))
      .length;
    expect(entryBytes).toBeLessThan(SEGMENT_BYTES * 2);
    expect(entries.length).toBeLessThanOrEqual(31 * PER_DAY + 2 * (SEGMENT_BYTES / 300) + COMPACT_EVERY);
    expect(entries.length).toBeGreaterThanOrEqual(RETENTION_DAYS * PER_DAY);
    const kept = sumByDay(entries);
    for (const [day, usd] of reference) {
      if (day < retainedFrom) continue;
      expect(kept.get(day) ?? 0).toBeCloseTo(usd, 12);
    }
    // Reopening replays only what follows the last snapshot, and the totals are those of the retained days.
    const reopened = await CostTracker.open({
      store: await openFileBudgetStore({ dir: storeDir, segmentBytes: SEGMENT_BYTES }),
      pricing,
      retentionDays: RETENTION_DAYS,
      clock: () => nowMs,
    });
    expect(reopened.ledger().length).toBeLessThan(COMPACT_EVERY);
    const today = new Date(nowMs).toISOString().slice(0, 10);
    expect(reopened.spend().dailyUsd).toBeCloseTo(reference.get(today) ?? 0, 12);
    const month = today.slice(0, 7);
    const monthUsd = [...reference].reduce((sum, [day, usd]) => (day.startsWith(month) ? sum + usd : sum), 0);
    expect(reopened.spend().monthlyUsd).toBeCloseTo(monthUsd, 12);
    await reopened.close();
    const report = await readCostLedger({
      bus: { store: 'file', nats: NatsBusSchema.parse({}) },
      workspace: dir,
    });
    expect(report.location).toBe(join(storeDir, 'ledger*.jsonl'));
    expect(report.entries).toEqual(entries);
  }, 120_000);

  it('opens a ledger written before segments, keeps its cursor, and drops it once its days expire', async () => {
    const storeDir = join(dir, 'costs');
    const reference = new Map<string, number>();
    // Today's code: one ledger.jsonl that never rotates (a segment size it never reaches) and a snapshot without a
    // retained day.
    await bookDays(await openFileBudgetStore({ dir: storeDir, fsync: 'never' }), 0, 20, reference);
    const totals = JSON.parse(await readFile(join(storeDir, 'totals.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete totals.retainedFromDay;
    await writeFile(join(storeDir, 'totals.json'), JSON.stringify(totals));
    expect((await listLedgerSegments(storeDir)).map((segment) => segment.base)).toEqual([0]);
    const old = (await readLedger(storeDir, 0)).entries;

    const store = await openFileBudgetStore({ dir: storeDir, fsync: 'never', segmentBytes: SEGMENT_BYTES });
    const probe = await CostTracker.open({ store, pricing, clock: () => Date.UTC(2026, 0, 20, 12) });
    expect(probe.spend().monthlyUsd).toBeCloseTo(
      old.reduce((sum, entry) => sum + entry.costUsd, 0),
      12,
    );
    await probe.close();
    // Into March: January's entries, the whole old file, are no longer needed.
    const nowMs = await bookDays(store, 20, 50, reference);
    const segments = await listLedgerSegments(storeDir);
    expect(segments[0]?.base).toBeGreaterThan(0);
    const { entries } = await readLedger(storeDir, 0);
    expect(entries.some((entry) => entry.day < '2026-02-01')).toBe(false);
    const retainedFrom = oldestRetainedDay(nowMs, 0, RETENTION_DAYS);
    const kept = sumByDay(entries);
    for (const [day, usd] of reference)
      if (day >= retainedFrom) expect(kept.get(day) ?? 0).toBeCloseTo(usd, 12);
  }, 120_000);

  it('reads past a line a killed writer tore at the end of a finished segment', async () => {
    const storeDir = join(dir, 'costs');
    const reference = new Map<string, number>();
    await bookDays(await openFileBudgetStore({ dir: storeDir, fsync: 'never' }), 0, 1, reference);
    await appendFile(join(storeDir, 'ledger.jsonl'), '{"attemptId":"torn","reserv');
    const before = (await readLedger(storeDir, 0)).entries.length;
    // A tiny segment size: the next snapshot starts a new segment after the torn line.
    const store = await openFileBudgetStore({ dir: storeDir, fsync: 'never', segmentBytes: 1 });
    await bookDays(store, 1, 1, reference);
    const segments = await listLedgerSegments(storeDir);
    expect(segments.length).toBeGreaterThan(1);
    const { entries } = await readLedger(storeDir, 0);
    expect(entries).toHaveLength(before + PER_DAY);
    expect(entries.some((entry) => entry.attemptId === 'torn')).toBe(false);
    const reopened = await CostTracker.open({
      store: await openFileBudgetStore({ dir: storeDir }),
      pricing,
      clock: () => Date.UTC(2026, 0, 2, 12),
    });
    expect(reopened.spend().monthlyUsd).toBeCloseTo(
      [...reference.values()].reduce((sum, usd) => sum + usd, 0),
      12,
    );
    await reopened.close();
  });

  it('refuses a segment size that is not a positive integer, quoting it', async () => {
    await mkdir(join(dir, 'costs'));
    await expect(openFileBudgetStore({ dir: join(dir, 'costs'), segmentBytes: 0 })).rejects.toThrow(
      /`segmentBytes`.*`0`/,
    );
  });
});
