import { describe, expect, it } from 'vitest';
import { budgetPeriod } from './budget-period.js';
import type { BudgetStore, TotalsSnapshot } from './budget-store.js';
import { CostTracker } from './cost-tracker.js';
import { createMemoryBudgetStore } from './memory-budget-store.js';

const HOUR_MS = 3_600_000;

describe('budgetPeriod (cached per budget day)', () => {
  it('rolls over at the reset hour, not at midnight', () => {
    const reset = Date.parse('2026-03-01T06:00:00Z');
    expect(budgetPeriod(reset - 1, 6)).toEqual({ day: '2026-02-28', month: '2026-02' });
    expect(budgetPeriod(reset - HOUR_MS, 6)).toEqual({ day: '2026-02-28', month: '2026-02' });
    expect(budgetPeriod(reset, 6)).toEqual({ day: '2026-03-01', month: '2026-03' });
    expect(budgetPeriod(reset + 1, 6)).toEqual({ day: '2026-03-01', month: '2026-03' });
    // Back in time, and another reset hour for the same instant: never the cached answer of another key.
    expect(budgetPeriod(reset - 1, 6)).toEqual({ day: '2026-02-28', month: '2026-02' });
    expect(budgetPeriod(reset - 1, 0)).toEqual({ day: '2026-03-01', month: '2026-03' });
    expect(budgetPeriod(reset + 18 * HOUR_MS - 1, 6)).toEqual({ day: '2026-03-01', month: '2026-03' });
    expect(budgetPeriod(reset + 24 * HOUR_MS, 6)).toEqual({ day: '2026-03-02', month: '2026-03' });
  });

  it('hands out one object per budget day (no formatting per call)', () => {
    const morning = Date.parse('2026-05-10T07:00:00Z');
    const first = budgetPeriod(morning, 0);
    expect(budgetPeriod(morning + 5 * HOUR_MS, 0)).toBe(first);
    expect(budgetPeriod(morning + 17 * HOUR_MS, 0)).not.toBe(first);
  });

  it('gives the tracker the new day after the reset hour passes', async () => {
    let now = Date.parse('2026-05-01T03:59:59Z');
    const tracker = new CostTracker({
      budgets: { perSenderDailyLimitUsd: 1, resetHourUtc: 4 },
      clock: () => now,
    });
    const reservation = await tracker.reserve({
      senderId: 'a',
      model: 'openai/gpt-4o',
      amountUsd: 0,
      requestId: 'r',
    });
    const usage = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const entry = tracker.book(reservation, {
      provider: 'openai',
      model: 'openai/gpt-4o',
      attempt: 1,
      usage,
      success: true,
    });
    tracker.release(reservation);
    expect(entry.day).toBe('2026-04-30');
    expect(tracker.spend('a').dailyUsd).toBeGreaterThan(1);
    now += 1000;
    expect(tracker.spend('a').dailyUsd).toBe(0);
    expect(tracker.spend('a').monthlyUsd).toBe(0); // May's first budget day
    await tracker.close();
  });
});

describe('CostTracker compaction', () => {
  it('copies the totals once when many releases find them due at once', async () => {
    const inner = createMemoryBudgetStore();
    const saved: TotalsSnapshot[] = [];
    const store: BudgetStore = {
      ...inner,
      saveSnapshot: async (snapshot, signal) => {
        saved.push(snapshot);
        await inner.saveSnapshot(snapshot, signal);
      },
    };
    const tracker = new CostTracker({ store, compactEvery: 10 });
    const usage = { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 };
    // 40 requests in flight together: every release after the 10th booking finds a compaction due.
    const reservations = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        tracker.reserve({
          senderId: `s${index}`,
          model: 'openai/gpt-4o',
          amountUsd: 1,
          requestId: `r${index}`,
        }),
      ),
    );
    for (const reservation of reservations)
      tracker.book(reservation, {
        provider: 'openai',
        model: 'openai/gpt-4o',
        attempt: 1,
        usage,
        success: true,
      });
    for (const reservation of reservations) tracker.release(reservation);
    await tracker.flush();
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThanOrEqual(4);
    expect(saved.at(-1)?.cursor).toBe(40);
    expect(Object.keys(saved.at(-1)?.dailySpend ?? {})).toHaveLength(1);
    await tracker.close();
  });
});
