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
  const named = budgets.senders[senderId];
  const senderHeld = held.bySender(senderId);
  const globalHeld = held.global();
  const checks: [BudgetName, number | undefined, () => number][] = [
    [
      'sender-daily',
      named?.dailyLimitUsd ?? budgets.perSenderDailyLimitUsd,
      () => spend.senderDay(period.day, senderId) + senderHeld,
    ],
    [
      'sender-monthly',
      named?.monthlyLimitUsd ?? budgets.perSenderMonthlyLimitUsd,
      () => spend.senderMonth(period.month, senderId) + senderHeld,
    ],
    ['global-daily', budgets.globalDailyLimitUsd, () => spend.globalDay(period.day) + globalHeld],
    ['global-monthly', budgets.globalMonthlyLimitUsd, () => spend.globalMonth(period.month) + globalHeld],
  ];
  for (const [budget, limitUsd, spent] of checks) {
    if (limitUsd === undefined) continue;
    const spentUsd = spent();
    // A tiny tolerance so that a budget of exactly N calls admits N despite float rounding.
    if (spentUsd + amountUsd > limitUsd * (1 + 1e-9)) return { budget, limitUsd, spentUsd };
  }
  return undefined;
}

/**
 * Whether any budget limits `senderId`'s calls (its own daily or monthly limit, or a global one). When none does, a
 * reservation of that sender constrains nobody, so it need not be shared with other processes.
 */
export function anyBudgetLimits(budgets: CostBudgets, senderId: string): boolean {
  const named = budgets.senders[senderId];
  return [
    named?.dailyLimitUsd ?? budgets.perSenderDailyLimitUsd,
    named?.monthlyLimitUsd ?? budgets.perSenderMonthlyLimitUsd,
    budgets.globalDailyLimitUsd,
    budgets.globalMonthlyLimitUsd,
  ].some((limitUsd) => limitUsd !== undefined);
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
