const HOUR_MS = 3_600_000;

/** The budget periods an instant falls in. */
export interface BudgetPeriod {
  /** `YYYY-MM-DD`: the budget day, which starts at the reset hour (UTC). */
  day: string;
  /** `YYYY-MM`: the budget month, which starts at the reset hour of its first day. */
  month: string;
}

/**
 * The budget day and month of `nowMs` (epoch milliseconds) when budgets reset at `resetHourUtc`. Before the reset
 * hour, an instant still belongs to the previous day.
 *
 * @example
 * budgetPeriod(Date.parse('2026-03-01T05:00:00Z'), 6); // { day: '2026-02-28', month: '2026-02' }
 */
export function budgetPeriod(nowMs: number, resetHourUtc: number): BudgetPeriod {
  const day = new Date(nowMs - resetHourUtc * HOUR_MS).toISOString().slice(0, 10);
  return { day, month: day.slice(0, 7) };
}
