import { type CostBudgets, CostBudgetsSchema } from '@clawft/types';
import { budgetError, findBudgetBreach } from './budget-check.js';
import { budgetPeriod, oldestRetainedDay } from './budget-period.js';
import { sweepStaleTempFiles } from './cost-file-sweep.js';
import { CostLedger, type LedgerEntry, type LedgerQuery } from './cost-ledger.js';
import { type CostState, loadCostState, SaveQueue, saveCostState } from './cost-store.js';
import {
  type AttemptUsage,
  type CostTrackerOptions,
  checkAmount,
  type ReserveRequest,
  type ReserveResult,
} from './cost-tracker-options.js';
import { HeldReservations, type Reservation } from './held-reservations.js';
import { PricingTable } from './pricing.js';
import { SpendBook } from './spend-book.js';

export type {
  AttemptUsage,
  CostBudgetsInput,
  CostTrackerOptions,
  ReserveRequest,
  ReserveResult,
} from './cost-tracker-options.js';
export type { Reservation } from './held-reservations.js';

/** Sender id used for requests that name no sender. */
export const ANONYMOUS_SENDER = 'anonymous';

/**
 * Prices calls, enforces per-sender and global daily/monthly budgets, and keeps a per-attempt ledger.
 *
 * Check-and-reserve is synchronous, so concurrent requests cannot both see the same headroom: reserve the
 * worst case before a call, `book` each attempt's usage (retries and failovers included), then `release`.
 *
 * @example
 * const tracker = await CostTracker.open({ budgets: { perSenderDailyLimitUsd: 5 }, file: 'costs.json' });
 * const reservation = tracker.reserve({ senderId: 'alice', model: 'openai/gpt-4o', amountUsd: 0.02, requestId: 'r1' });
 */
export class CostTracker {
  readonly pricing: PricingTable;
  readonly budgets: CostBudgets;
  readonly #clock: () => number;
  readonly #spend: SpendBook;
  readonly #ledger: CostLedger;
  readonly #held = new HeldReservations();
  readonly #overruns = { count: 0, usd: 0 };
  readonly #retentionDays: number;
  readonly #file: string | undefined;
  readonly #saves: SaveQueue;
  #nextEntryId: number;
  /** The budget day spend was last pruned on (pruning runs once per budget day). */
  #prunedOn: string | undefined;

  constructor(options: CostTrackerOptions = {}, state?: CostState) {
    this.pricing = new PricingTable(options.pricing);
    this.budgets = CostBudgetsSchema.parse(options.budgets ?? {});
    this.#clock = options.clock ?? Date.now;
    this.#retentionDays = options.retentionDays ?? 62;
    this.#file = options.file;
    this.#spend = SpendBook.fromRecord(state?.dailySpend ?? {});
    this.#ledger = new CostLedger(options.maxLedgerEntries ?? 100_000, state?.ledger);
    this.#nextEntryId = state?.nextEntryId ?? 0;
    this.#pruneSpend(this.#clock());
    const onError = options.onError ?? (() => {});
    this.#saves = new SaveQueue(() => this.#save(), onError);
  }

  /**
   * A tracker with the state of `options.file` loaded (when the file exists), after removing the temp files of
   * saves whose process died before renaming them.
   *
   * @throws {CostFileError} `cost-file-corrupt` or `cost-file-unreadable`, naming the file and what to do.
   */
  static async open(options: CostTrackerOptions & { signal?: AbortSignal } = {}): Promise<CostTracker> {
    if (options.file === undefined) return new CostTracker(options);
    await sweepStaleTempFiles(options.file, options.signal);
    return new CostTracker(options, await loadCostState(options.file, options.signal));
  }

  /**
   * Holds `amountUsd` for a call if every budget has room; otherwise says which budget is full. Synchronous.
   * @throws {TypeError} when `amountUsd` is not a finite number ≥ 0 (the message quotes it).
   */
  tryReserve(request: ReserveRequest): ReserveResult {
    checkAmount(request.amountUsd);
    const senderId = request.senderId ?? ANONYMOUS_SENDER;
    const period = budgetPeriod(this.#clock(), this.budgets.resetHourUtc);
    const breach = findBudgetBreach(
      this.budgets,
      this.#spend,
      this.#held,
      period,
      senderId,
      request.amountUsd,
    );
    if (breach !== undefined) return { ok: false, ...breach };
    return { ok: true, reservation: this.#held.open(request.requestId, senderId, request.amountUsd) };
  }

  /**
   * Like `tryReserve`, but throws.
   * @throws RoutingError `budget-exceeded`, naming the budget and the sender.
   */
  reserve(request: ReserveRequest): Reservation {
    const result = this.tryReserve(request);
    if (result.ok) return result.reservation;
    throw budgetError(result, request.senderId ?? ANONYMOUS_SENDER, request.model);
  }

  /**
   * Books one attempt to the reservation's sender; its cost comes out of what the reservation holds. Spend beyond
   * what it still holds is booked all the same, flagged as the entry's `overrunUsd` and counted in `overruns`.
   */
  book(reservation: Reservation, attempt: AttemptUsage): LedgerEntry {
    const priced = this.pricing.priceOf(attempt.model) !== undefined;
    const costUsd = this.pricing.costOf(attempt.model, attempt.usage);
    const timestampMs = this.#clock();
    const day = budgetPeriod(timestampMs, this.budgets.resetHourUtc).day;
    this.#pruneSpend(timestampMs, day);
    const overrunUsd = this.#held.consume(reservation, costUsd);
    if (overrunUsd > 0) {
      this.#overruns.count += 1;
      this.#overruns.usd += overrunUsd;
    }
    const entry: LedgerEntry = {
      id: this.#nextEntryId++,
      requestId: reservation.requestId,
      timestampMs,
      day,
      senderId: reservation.senderId,
      provider: attempt.provider,
      model: attempt.model,
      attempt: attempt.attempt,
      usage: attempt.usage,
      costUsd,
      usageReported: attempt.usageReported ?? true,
      priced,
      success: attempt.success,
      ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
      ...(overrunUsd > 0 ? { overrunUsd } : {}),
    };
    this.#ledger.append(entry);
    this.#spend.add(entry.day, entry.senderId, costUsd);
    return entry;
  }

  /** Releases whatever the reservation still holds (after reconciling, or after a failure) and saves. */
  release(reservation: Reservation): void {
    if (!this.#held.close(reservation)) return;
    if (this.#file !== undefined) this.#saves.request();
  }

  /** Bookings that cost more than their reservation still held, and the USD beyond it, since this tracker opened. */
  get overruns(): { count: number; usd: number } {
    return { ...this.#overruns };
  }

  /** Spend of the current budget day and month, USD: one sender's, or global when `senderId` is absent. */
  spend(senderId?: string): { dailyUsd: number; monthlyUsd: number; reservedUsd: number } {
    const { day, month } = budgetPeriod(this.#clock(), this.budgets.resetHourUtc);
    if (senderId === undefined) {
      return {
        dailyUsd: this.#spend.globalDay(day),
        monthlyUsd: this.#spend.globalMonth(month),
        reservedUsd: this.#held.global(),
      };
    }
    return {
      dailyUsd: this.#spend.senderDay(day, senderId),
      monthlyUsd: this.#spend.senderMonth(month, senderId),
      reservedUsd: this.#held.bySender(senderId),
    };
  }

  /** Booked attempts matching `query`, oldest first. */
  ledger(query: LedgerQuery = {}): LedgerEntry[] {
    return this.#ledger.query(query);
  }

  /** Resolves when the state file holds everything booked so far. */
  flush(): Promise<void> {
    return this.#saves.flush();
  }

  /**
   * Forgets spend days no budget period needs any more: before the current budget month, and (with a file) before
   * the `retentionDays` the file keeps. Runs once per budget day, so spend stays bounded in every mode.
   */
  #pruneSpend(nowMs: number, day = budgetPeriod(nowMs, this.budgets.resetHourUtc).day): void {
    if (day === this.#prunedOn) return;
    this.#prunedOn = day;
    const historyDays = this.#file === undefined ? 0 : this.#retentionDays;
    this.#spend.prune(oldestRetainedDay(nowMs, this.budgets.resetHourUtc, historyDays));
  }

  async #save(): Promise<void> {
    if (this.#file === undefined) return;
    this.#pruneSpend(this.#clock());
    const state: CostState = {
      version: 1,
      nextEntryId: this.#nextEntryId,
      dailySpend: this.#spend.toRecord(),
      ledger: this.#ledger.all(),
    };
    await saveCostState(this.#file, state);
  }
}
