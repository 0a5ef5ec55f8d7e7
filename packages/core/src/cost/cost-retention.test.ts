import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { oldestRetainedDay } from './budget-period.js';
import { TotalsSnapshotSchema } from './budget-store.js';
import { CostTracker } from './cost-tracker.js';
import type { CostTrackerOptions } from './cost-tracker-options.js';
import { openFileBudgetStore } from './file-budget-store.js';
import { SpendBook } from './spend-book.js';

const HOUR_MS = 3_600_000;
const RESET_HOUR_UTC = 6;
const SENDERS_PER_DAY = 20;
const MONTHLY_LIMIT_USD = 1000;
// $1 per million input tokens: a booking of N tokens costs N / 1e6 USD.
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };

/** What the tracker should report, kept by the test without any pruning. */
class ReferenceSpend {
  readonly byDay = new Map<string, Map<string, number>>();

  add(day: string, senderId: string, usd: number): void {
    const senders = this.byDay.get(day) ?? new Map<string, number>();
    senders.set(senderId, (senders.get(senderId) ?? 0) + usd);
    this.byDay.set(day, senders);
  }

  day(day: string, senderId?: string): number {
    const senders = this.byDay.get(day);
    if (senderId !== undefined) return senders?.get(senderId) ?? 0;
    return [...(senders?.values() ?? [])].reduce((sum, usd) => sum + usd, 0);
  }

  month(month: string, senderId?: string): number {
    let sum = 0;
    for (const day of this.byDay.keys()) if (day.startsWith(month)) sum += this.day(day, senderId);
    return sum;
  }
}

/** (day, sender) spend entries the tracker holds. */
function retainedEntries(book: SpendBook): number {
  return Object.values(book.toRecord()).reduce((sum, senders) => sum + Object.keys(senders).length, 0);
}

/**
 * Books `SENDERS_PER_DAY` senders (from a rotating pool of 97) on each of `days` budget days, at hours spread over
 * the budget day — including the hours before the reset hour, which belong to the previous calendar date — and after
 * each day checks the spend the tracker reports against an unpruned reference. Returns what it saw.
 */
async function simulateDays(options: CostTrackerOptions, days: number) {
  let now = 0;
  const fromRecord = vi.spyOn(SpendBook, 'fromRecord');
  const tracker = new CostTracker({
    ...options,
    pricing,
    budgets: { resetHourUtc: RESET_HOUR_UTC, perSenderMonthlyLimitUsd: MONTHLY_LIMIT_USD },
    clock: () => now,
  });
  // The tracker's own book: the one `fromRecord` built in its constructor.
  const book = fromRecord.mock.results.at(-1)?.value as SpendBook;
  const reference = new ReferenceSpend();
  let maxRetained = 0;
  let lastDay = '';
  for (let index = 0; index < days; index++) {
    const dayStartMs = Date.UTC(2026, 0, 1 + index, RESET_HOUR_UTC);
    lastDay = new Date(dayStartMs).toISOString().slice(0, 10);
    for (let slot = 0; slot < SENDERS_PER_DAY; slot++) {
      const senderId = `sender-${(index * 13 + slot) % 97}`;
      // Slot 19 books at 05:59 UTC of the next calendar date: still this budget day.
      now = dayStartMs + Math.min(slot * 1.25 * HOUR_MS, 24 * HOUR_MS - 60_000);
      const tokens = 1000 * (1 + ((index + slot) % 7));
      const reservation = await tracker.reserve({
        senderId,
        model: 'test/model',
        amountUsd: 0.01,
        requestId: `${index}`,
      });
      const entry = tracker.book(reservation, {
        provider: 'test',
        model: 'test/model',
        attempt: 1,
        usage: { inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        success: true,
      });
      tracker.release(reservation);
      expect(entry.day).toBe(lastDay);
      reference.add(lastDay, senderId, tokens / 1e6);
    }
    const month = lastDay.slice(0, 7);
    for (const senderId of ['sender-0', `sender-${(index * 13) % 97}`]) {
      expect(tracker.spend(senderId).dailyUsd).toBeCloseTo(reference.day(lastDay, senderId), 9);
      expect(tracker.spend(senderId).monthlyUsd).toBeCloseTo(reference.month(month, senderId), 9);
    }
    expect(tracker.spend().dailyUsd).toBeCloseTo(reference.day(lastDay), 9);
    expect(tracker.spend().monthlyUsd).toBeCloseTo(reference.month(month), 9);
    maxRetained = Math.max(maxRetained, retainedEntries(book));
  }
  return { tracker, book, reference, maxRetained, lastDay };
}

/** The sender-monthly budget admits exactly what is left of it, computed from the reference. */
async function expectMonthlyHeadroom(
  tracker: CostTracker,
  reference: ReferenceSpend,
  lastDay: string,
): Promise<void> {
  // A sender booked on the last day, so it has spent something this month.
  const senderId = [...(reference.byDay.get(lastDay)?.keys() ?? [])][0] ?? 'nobody';
  const spentUsd = reference.month(lastDay.slice(0, 7), senderId);
  expect(spentUsd).toBeGreaterThan(0);
  const left = MONTHLY_LIMIT_USD - spentUsd;
  const over = await tracker.tryReserve({
    senderId,
    model: 'test/model',
    amountUsd: left + 1e-4,
    requestId: 'over',
  });
  expect(over).toMatchObject({ ok: false, budget: 'sender-monthly' });
  expect(over.ok ? 0 : over.spentUsd).toBeCloseTo(spentUsd, 9);
  const fits = await tracker.tryReserve({
    senderId,
    model: 'test/model',
    amountUsd: left - 1e-4,
    requestId: 'fits',
  });
  expect(fits.ok).toBe(true);
  if (fits.ok) tracker.release(fits.reservation);
}

describe('CostTracker spend retention', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps memory-only spend to the current budget month across 400 days of 20 senders, budgets intact', async () => {
    const { tracker, book, reference, maxRetained, lastDay } = await simulateDays(
      { maxLedgerEntries: 500 },
      400,
    );
    // 400 days × 20 senders were booked; at most one month of days is held.
    expect(maxRetained).toBeLessThanOrEqual(31 * SENDERS_PER_DAY);
    expect(Object.keys(book.toRecord()).every((day) => day.startsWith(lastDay.slice(0, 7)))).toBe(true);
    await expectMonthlyHeadroom(tracker, reference, lastDay);
    // The per-call ledger keeps its cap (oldest dropped first, in batches of a tenth).
    const ledger = tracker.ledger();
    expect(ledger.length).toBeGreaterThanOrEqual(500);
    expect(ledger.length).toBeLessThanOrEqual(550);
    expect(ledger.at(-1)?.day).toBe(lastDay);
  });

  describe('on the file store', () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('keeps retentionDays of spend in the compacted totals and memory, and reopens with the current month intact', async () => {
      dir = await mkdtemp(join(tmpdir(), 'clawft-cost-retention-'));
      const storeDir = join(dir, 'costs');
      const store = await openFileBudgetStore({ dir: storeDir, fsync: 'never' });
      const run = await simulateDays(
        { store, retentionDays: 40, maxLedgerEntries: 300, compactEvery: 500 },
        75,
      );
      await run.tracker.close();
      const totals = TotalsSnapshotSchema.parse(
        JSON.parse(await readFile(join(storeDir, 'totals.json'), 'utf8')),
      );
      const days = Object.keys(totals.dailySpend).sort();
      // 40 days of history, or the whole current month when that reaches further back.
      expect(days.length).toBeLessThanOrEqual(41);
      expect(days.at(-1)).toBe(run.lastDay);
      expect(run.maxRetained).toBeLessThanOrEqual(41 * SENDERS_PER_DAY);
      expect(run.tracker.ledger().length).toBeLessThanOrEqual(330);

      const reopened = await CostTracker.open({
        store: await openFileBudgetStore({ dir: storeDir }),
        pricing,
        budgets: { resetHourUtc: RESET_HOUR_UTC, perSenderMonthlyLimitUsd: MONTHLY_LIMIT_USD },
        clock: () => Date.parse(`${run.lastDay}T23:00:00Z`),
      });
      const month = run.lastDay.slice(0, 7);
      expect(reopened.spend().monthlyUsd).toBeCloseTo(run.reference.month(month), 9);
      expect(reopened.spend().dailyUsd).toBeCloseTo(run.reference.day(run.lastDay), 9);
      await expectMonthlyHeadroom(reopened, run.reference, run.lastDay);
      await reopened.close();
    }, 120_000);

    it('never forgets a day of the current month, even with retentionDays shorter than the month', async () => {
      dir = await mkdtemp(join(tmpdir(), 'clawft-cost-retention-'));
      // 2026-01-01 .. 2026-01-25 with one day of retention: the whole month so far must still count after a snapshot.
      const store = await openFileBudgetStore({ dir: join(dir, 'costs'), fsync: 'never' });
      const { tracker, reference, lastDay } = await simulateDays(
        { store, retentionDays: 1, compactEvery: 50 },
        25,
      );
      await tracker.flush();
      expect(tracker.spend('sender-5').monthlyUsd).toBeCloseTo(reference.month('2026-01', 'sender-5'), 9);
      expect(tracker.spend().monthlyUsd).toBeCloseTo(reference.month('2026-01'), 9);
      await expectMonthlyHeadroom(tracker, reference, lastDay);
      await tracker.close();
    }, 60_000);
  });
});

describe('oldestRetainedDay', () => {
  it('starts at the first day of the budget month, which begins at the reset hour (UTC)', () => {
    // 05:00 on March 1st is still February's last budget day when budgets reset at 06:00.
    expect(oldestRetainedDay(Date.parse('2026-03-01T05:00:00Z'), 6, 0)).toBe('2026-02-01');
    expect(oldestRetainedDay(Date.parse('2026-03-01T06:00:00Z'), 6, 0)).toBe('2026-03-01');
  });

  it('reaches further back only when the history asked for does', () => {
    const nowMs = Date.parse('2026-03-20T12:00:00Z');
    expect(oldestRetainedDay(nowMs, 0, 5)).toBe('2026-03-01');
    expect(oldestRetainedDay(nowMs, 0, 62)).toBe('2026-01-17');
  });
});
