import type { CostBudgetsSchema, Pricing, Usage } from '@clawft/types';
import type { z } from 'zod';
import type { BudgetBreach } from './budget-check.js';
import type { BudgetStore } from './budget-store.js';
import type { Reservation } from './held-reservations.js';

/** `routing.costBudgets` as written in config.json (defaults may be left out). */
export type CostBudgetsInput = z.input<typeof CostBudgetsSchema>;

export interface CostTrackerOptions {
  /** config.json `routing.costBudgets`. @default no limits, reset at 00:00 UTC */
  budgets?: CostBudgetsInput;
  /** config.json `pricing`, merged over the built-in table. @default {} */
  pricing?: Pricing;
  /**
   * Where holds, the ledger and the period totals live, shared by every process using the same store
   * (`openBudgetStore` picks it from `bus.store`). @default createMemoryBudgetStore()
   */
  store?: BudgetStore;
  /**
   * How long a hold counts against the budgets without renewal, ms: the tracker renews its open holds every half
   * lease (one unref'd timer), so a call longer than this keeps its hold; a process killed holding a reservation has
   * it released when this runs out. @default 900000
   */
  leaseMs?: number;
  /**
   * Ledger entries read between two saves of the compacted totals; each save also lets the store drop entries of
   * days the totals no longer keep (decision 0261). @default 1000
   */
  compactEvery?: number;
  /** Wall clock for budget periods and ledger timestamps, epoch milliseconds. @default Date.now */
  clock?: () => number;
  /** Ledger entries kept in memory for `ledger()` (oldest dropped first). @default 100000 */
  maxLedgerEntries?: number;
  /**
   * Budget days of spend kept in the compacted totals (never less than the current budget month, which budgets
   * need) and, on a shared store, of entries in the ledger. A tracker on a memory store keeps just the current
   * budget month. @default 62
   */
  retentionDays?: number;
  /** Called when writing to the store fails (a booking, a release, a snapshot). @default no-op */
  onError?: (error: unknown) => void;
}

/** One attempt's consumption, as booked against a reservation. */
export interface AttemptUsage {
  provider: string;
  model: string;
  attempt: number;
  usage: Usage;
  /** False when `usage` is an estimate (a failed stream that reported none). @default true */
  usageReported?: boolean;
  success: boolean;
  errorKind?: string;
}

/** A reservation asked for: who, for which model (named in a refusal), how much, for which request. */
export interface ReserveRequest {
  /** @default ANONYMOUS_SENDER */
  senderId?: string;
  model: string;
  /** Worst-case cost of the call, USD. */
  amountUsd: number;
  requestId: string;
  /** The conversation (`channel:chatId`) the call belongs to, recorded on its ledger entries. */
  sessionKey?: string;
}

export type ReserveResult = { ok: true; reservation: Reservation } | ({ ok: false } & BudgetBreach);

/** Throws a TypeError quoting `amountUsd` unless it is a finite number ≥ 0 (a NaN would disable every budget). */
export function checkAmount(amountUsd: number): void {
  if (typeof amountUsd === 'number' && Number.isFinite(amountUsd) && amountUsd >= 0) return;
  throw new TypeError(
    `Expected \`amountUsd\` to be a finite number of USD ≥ 0, got \`${String(amountUsd)}\`; estimate the call's cost with pricing.worstCaseCost`,
  );
}
