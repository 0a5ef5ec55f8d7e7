const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The budget periods an instant falls in (read-only: `budgetPeriod` hands out one object per budget day). */
export interface BudgetPeriod {
  /** `YYYY-MM-DD`: the budget day, which starts at the reset hour (UTC). */
  readonly day: string;
  /** `YYYY-MM`: the budget month, which starts at the reset hour of its first day. */
  readonly month: string;
}

/**
 * The budget day and month of `nowMs` (epoch milliseconds) when budgets reset at `resetHourUtc`. Before the reset
 * hour, an instant still belongs to the previous day.
 *
 * @example
 * budgetPeriod(Date.parse('2026-03-01T05:00:00Z'), 6); // { day: '2026-02-28', month: '2026-02' }
 */
export function budgetPeriod(nowMs: number, resetHourUtc: number): BudgetPeriod {
  // Every instant of one budget day has the same period: format it once per day (callers ask on every request).
  const dayIndex = Math.floor((nowMs - resetHourUtc * HOUR_MS) / DAY_MS);
  if (dayIndex === lastPeriod.dayIndex && resetHourUtc === lastPeriod.resetHourUtc) return lastPeriod.period;
  const day = new Date(nowMs - resetHourUtc * HOUR_MS).toISOString().slice(0, 10);
  const period: BudgetPeriod = Object.freeze({ day, month: day.slice(0, 7) });
  lastPeriod = { dayIndex, resetHourUtc, period };
  return period;
}

/** The period `budgetPeriod` computed last (a day index is the UTC day of `nowMs − resetHourUtc`). */
let lastPeriod: { dayIndex: number; resetHourUtc: number; period: BudgetPeriod } = {
  dayIndex: Number.NaN,
  resetHourUtc: Number.NaN,
  period: Object.freeze({ day: '', month: '' }),
};

/**
 * The oldest budget day (`YYYY-MM-DD`) whose spend is still needed at `nowMs`: the first day of the current budget
 * month — no budget period reaches further back — or `historyDays` budget days back when that is earlier.
 */
export function oldestRetainedDay(nowMs: number, resetHourUtc: number, historyDays: number): string {
  const monthStart = `${budgetPeriod(nowMs, resetHourUtc).month}-01`;
  const historyStart = budgetPeriod(nowMs - historyDays * DAY_MS, resetHourUtc).day;
  return historyStart < monthStart ? historyStart : monthStart;
}
