import type { CostBudgets } from '@clawft/types';
import { type BudgetBreach, findBudgetBreach, type HeldAmounts } from './budget-check.js';
import type { BudgetPeriod } from './budget-period.js';
import type { HoldRecord, HoldsChange } from './budget-store.js';
import type { LedgerView } from './ledger-view.js';

/** What `decideHold` needs: the budgets, the caught-up view, the hold asked for, and the time. */
export interface HoldDecision {
  budgets: CostBudgets;
  view: LedgerView;
  period: BudgetPeriod;
  nowMs: number;
  /** The hold to add when every budget has room. */
  hold: HoldRecord;
  /** Holds this process released whose removal from the store is still queued: they hold nothing any more. */
  released: ReadonlySet<string>;
}

/**
 * Inside a store's atomic hold update: drops expired holds (reaped), counts what the live ones still hold (what
 * was reserved minus what was booked against it; nothing for those this process released already), and adds
 * `hold` unless a budget would overrun.
 */
export function decideHold(
  holds: readonly HoldRecord[],
  decision: HoldDecision,
): HoldsChange<BudgetBreach | undefined> {
  // Already there: a retried update whose first write went through before its answer was lost.
  if (holds.some((held) => held.id === decision.hold.id)) return { result: undefined };
  const { nowMs, released } = decision;
  const live = holds.every((hold) => hold.expiresAtMs > nowMs)
    ? holds
    : holds.filter((hold) => hold.expiresAtMs > nowMs);
  decision.view.forgetHoldsExcept(live);
  // A hold released here stays in the store until its release is written (after its bookings, so other processes
  // never see neither), but this process already counts those bookings and no longer counts the hold.
  const counted = released.size === 0 ? live : live.filter((hold) => !released.has(hold.id));
  const held = heldAmounts(counted, decision.view);
  const { hold } = decision;
  const breach = findBudgetBreach(
    decision.budgets,
    decision.view.spend,
    held,
    decision.period,
    hold.senderId,
    hold.amountUsd,
  );
  if (breach !== undefined)
    return live.length < holds.length ? { holds: [...live], result: breach } : { result: breach };
  return { holds: [...live, hold], result: undefined };
}

/** What live holds still hold, per sender and in all, USD. */
export function heldAmounts(live: readonly HoldRecord[], view: LedgerView): HeldAmounts {
  return new LiveHolds(live, view);
}

/** `HeldAmounts` of a list of holds (a class, not closures: it is built inside every reservation). */
class LiveHolds implements HeldAmounts {
  readonly #bySender = new Map<string, number>();
  readonly #global: number;

  constructor(live: readonly HoldRecord[], view: LedgerView) {
    let global = 0;
    for (const hold of live) {
      const left = Math.max(0, hold.amountUsd - view.bookedAgainst(hold.id));
      this.#bySender.set(hold.senderId, (this.#bySender.get(hold.senderId) ?? 0) + left);
      global += left;
    }
    this.#global = global;
  }

  bySender(senderId: string): number {
    return this.#bySender.get(senderId) ?? 0;
  }

  global(): number {
    return this.#global;
  }
}
