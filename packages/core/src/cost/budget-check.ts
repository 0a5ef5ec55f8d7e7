import { type BudgetName, type CostBudgets, RoutingError } from '@clawft/types';
import type { BudgetPeriod } from './budget-period.js';
import type { SpendBook } from './spend-book.js';

/** A budget that a new reservation would overrun. */
export interface BudgetBreach {
  budget: BudgetName;
  limitUsd: number;
  /** Spent plus reserved in the budget's period, USD. */
  spentUsd: number;
}

/** Money held by open reservations, USD, per sender and in all. */
export interface HeldAmounts {
  bySender(senderId: string): number;
  global(): number;
}

/**
 * The first budget (sender daily, sender monthly, global daily, global monthly) that `amountUsd` more would overrun,
 * counting both booked spend and open reservations; `undefined` when every budget has room.
 */
export function findBudgetBreach(
  budgets: CostBudgets,
  spend: SpendBook,
  held: HeldAmounts,
  period: BudgetPeriod,
  senderId: string,
  amountUsd: number,
): BudgetBreach | undefined {
  // Straight-line checks, no closures or arrays: this runs inside every reservation.
  const named = budgets.senders[senderId];
  const senderDailyUsd = named?.dailyLimitUsd ?? budgets.perSenderDailyLimitUsd;
  const senderMonthlyUsd = named?.monthlyLimitUsd ?? budgets.perSenderMonthlyLimitUsd;
  const { globalDailyLimitUsd, globalMonthlyLimitUsd } = budgets;
  const senderHeld =
    senderDailyUsd === undefined && senderMonthlyUsd === undefined ? 0 : held.bySender(senderId);
  if (senderDailyUsd !== undefined) {
    const spentUsd = spend.senderDay(period.day, senderId) + senderHeld;
    if (overruns(spentUsd, amountUsd, senderDailyUsd))
      return { budget: 'sender-daily', limitUsd: senderDailyUsd, spentUsd };
  }
  if (senderMonthlyUsd !== undefined) {
    const spentUsd = spend.senderMonth(period.month, senderId) + senderHeld;
    if (overruns(spentUsd, amountUsd, senderMonthlyUsd))
      return { budget: 'sender-monthly', limitUsd: senderMonthlyUsd, spentUsd };
  }
  if (globalDailyLimitUsd !== undefined) {
    const spentUsd = spend.globalDay(period.day) + held.global();
    if (overruns(spentUsd, amountUsd, globalDailyLimitUsd))
      return { budget: 'global-daily', limitUsd: globalDailyLimitUsd, spentUsd };
  }
  if (globalMonthlyLimitUsd !== undefined) {
    const spentUsd = spend.globalMonth(period.month) + held.global();
    if (overruns(spentUsd, amountUsd, globalMonthlyLimitUsd))
      return { budget: 'global-monthly', limitUsd: globalMonthlyLimitUsd, spentUsd };
  }
  return undefined;
}

/** A tiny tolerance so that a budget of exactly N calls admits N despite float rounding. */
function overruns(spentUsd: number, amountUsd: number, limitUsd: number): boolean {
  return spentUsd + amountUsd > limitUsd * (1 + 1e-9);
}

/**
 * Whether any budget limits `senderId`'s calls (its own daily or monthly limit, or a global one). When none does, a
 * reservation of that sender constrains nobody, so it need not be shared with other processes.
 */
export function anyBudgetLimits(budgets: CostBudgets, senderId: string): boolean {
  if (budgets.globalDailyLimitUsd !== undefined || budgets.globalMonthlyLimitUsd !== undefined) return true;
  const named = budgets.senders[senderId];
  return (
    (named?.dailyLimitUsd ?? budgets.perSenderDailyLimitUsd) !== undefined ||
    (named?.monthlyLimitUsd ?? budgets.perSenderMonthlyLimitUsd) !== undefined
  );
}

/** The `budget-exceeded` error for a refused reservation. */
export function budgetError(breach: BudgetBreach, senderId: string, model: string): RoutingError {
  const owner = breach.budget.startsWith('sender') ? `sender "${senderId}"` : 'all senders';
  return new RoutingError({
    kind: 'budget-exceeded',
    message: `The ${breach.budget} budget of ${owner} ($${breach.limitUsd}) has $${Math.max(0, breach.limitUsd - breach.spentUsd).toFixed(4)} left, too little for a call to ${model}; raise routing.costBudgets or wait for the reset.`,
    senderId,
    budget: breach.budget,
    limitUsd: breach.limitUsd,
    spentUsd: breach.spentUsd,
    model,
  });
}
