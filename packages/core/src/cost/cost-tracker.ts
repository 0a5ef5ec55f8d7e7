import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type CostBudgets, CostBudgetsSchema } from '@clawft/types';
import { anyBudgetLimits, budgetError } from './budget-check.js';
import { budgetPeriod, oldestRetainedDay } from './budget-period.js';
import type { BudgetStore, HoldRecord } from './budget-store.js';
import type { LedgerEntry, LedgerQuery } from './cost-ledger.js';
import {
  type AttemptUsage,
  type CostTrackerOptions,
  checkAmount,
  type ReserveRequest,
  type ReserveResult,
} from './cost-tracker-options.js';
import { HeldReservations, type Reservation } from './held-reservations.js';
import { IdSequence } from './id-sequence.js';
import { ledgerEntryOf } from './ledger-entry-of.js';
import { LedgerView } from './ledger-view.js';
import { createMemoryBudgetStore } from './memory-budget-store.js';
import { PricingTable } from './pricing.js';
import { decideHold } from './reserve-hold.js';
import { StoreWrites } from './store-writes.js';

export type {
  AttemptUsage,
  CostBudgetsInput,
  CostTrackerOptions,
  ReserveRequest,
  ReserveResult,
} from './cost-tracker-options.js';
export type { Reservation } from './held-reservations.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sender id used for requests that name no sender. */
export const ANONYMOUS_SENDER = 'anonymous';

/**
 * Prices calls, enforces per-sender and global daily/monthly budgets, and books every attempt to an append-only
 * ledger, against a `BudgetStore` that every worker sharing it agrees on.
 *
 * Reserve the worst case before a call (atomic across processes: two workers cannot both take the last room),
 * `book` each attempt's usage (retries and failovers included), then `release`. Bookings and releases are written
 * in order behind the caller; `flush` waits for them.
 *
 * @example
 * const tracker = await CostTracker.open({ budgets: { perSenderDailyLimitUsd: 5 }, store });
 * const reservation = await tracker.reserve({ senderId: 'alice', model: 'openai/gpt-4o', amountUsd: 0.02, requestId: 'r1' });
 */
export class CostTracker {
  readonly pricing: PricingTable;
  readonly budgets: CostBudgets;
  readonly store: BudgetStore;
  readonly #clock: () => number;
  readonly #view: LedgerView;
  readonly #held = new HeldReservations();
  readonly #overruns = { count: 0, usd: 0 };
  readonly #retentionDays: number;
  readonly #leaseMs: number;
  readonly #compactEvery: number;
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #writes: StoreWrites;
  readonly #onError: (error: unknown) => void;
  /** Reservation and attempt ids: unique across processes, one random draw per tracker. */
  readonly #ids = new IdSequence();
  /** Reservations released here whose removal from the store is still queued. */
  readonly #releasing = new Set<string>();
  /** Reservations no budget limits: held in this process only, never written to the shared store. */
  readonly #unshared = new Set<string>();
  /** The budget day spend was last pruned on (pruning runs once per budget day). */
  #prunedOn: string | undefined;
  /** The oldest budget day the totals keep since that pruning. */
  #retainedFrom = '';
  /** Shared reservations open here: their holds are renewed while they are. */
  readonly #renewed = new Set<string>();
  #renewTimer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  #closed = false;
  #compacting: Promise<void> | undefined;

  constructor(options: CostTrackerOptions = {}, view?: LedgerView) {
    this.pricing = new PricingTable(options.pricing);
    this.budgets = CostBudgetsSchema.parse(options.budgets ?? {});
    this.store = options.store ?? createMemoryBudgetStore();
    this.#clock = options.clock ?? Date.now;
    this.#retentionDays = options.retentionDays ?? 62;
    this.#leaseMs = options.leaseMs ?? 900_000;
    if (!(Number.isFinite(this.#leaseMs) && this.#leaseMs > 0))
      throw new TypeError(
        `Expected \`leaseMs\` to be a positive number of ms, got \`${String(this.#leaseMs)}\``,
      );
    this.#compactEvery = options.compactEvery ?? 1000;
    this.#view = view ?? new LedgerView(options.maxLedgerEntries ?? 100_000);
    this.#onError = options.onError ?? (() => {});
    this.#writes = new StoreWrites(this.#onError);
    this.#pruneSpend(this.#clock());
  }

  /**
   * A tracker on `options.store` with its totals loaded: the last compacted snapshot plus the entries after it.
   * @throws {CostFileError} from a file store whose files do not parse; BusError `bus-unavailable` from nats.
   */
  static async open(options: CostTrackerOptions & { signal?: AbortSignal } = {}): Promise<CostTracker> {
    const store = options.store ?? createMemoryBudgetStore();
    const snapshot = await store.loadSnapshot(options.signal);
    const view = new LedgerView(options.maxLedgerEntries ?? 100_000, snapshot);
    await view.catchUp(store, options.signal);
    const tracker = new CostTracker({ ...options, store }, view);
    if (view.sinceSnapshot >= tracker.#compactEvery) await tracker.#compact(options.signal);
    return tracker;
  }

  /**
   * Holds `amountUsd` for a call if every budget has room, counting what every process sharing the store has
   * booked and holds; otherwise says which budget is full.
   * @throws {TypeError} when `amountUsd` is not a finite number ≥ 0 (the message quotes it).
   */
  async tryReserve(request: ReserveRequest, signal?: AbortSignal): Promise<ReserveResult> {
    checkAmount(request.amountUsd);
    const senderId = request.senderId ?? ANONYMOUS_SENDER;
    const reservation: Reservation = {
      id: this.#ids.next(),
      requestId: request.requestId,
      senderId,
      amountUsd: request.amountUsd,
      ...(request.sessionKey === undefined ? {} : { sessionKey: request.sessionKey }),
    };
    // No budget limits this sender: the hold would constrain nobody, so it stays in this process (no shared write).
    if (!anyBudgetLimits(this.budgets, senderId)) {
      signal?.throwIfAborted();
      this.#unshared.add(reservation.id);
      return { ok: true, reservation: this.#held.open(reservation) };
    }
    const breach = await this.store.updateHolds(async (holds) => {
      await this.#view.catchUp(this.store, signal);
      const nowMs = this.#clock();
      const period = budgetPeriod(nowMs, this.budgets.resetHourUtc);
      this.#pruneSpend(nowMs, period.day);
      const hold: HoldRecord = {
        id: reservation.id,
        senderId,
        amountUsd: request.amountUsd,
        owner: this.#owner,
        expiresAtMs: nowMs + this.#leaseMs,
      };
      const released = this.#releasing;
      return decideHold(holds, { budgets: this.budgets, view: this.#view, period, nowMs, hold, released });
    }, signal);
    if (breach !== undefined) return { ok: false, ...breach };
    this.#renewed.add(reservation.id);
    this.#startRenewing();
    return { ok: true, reservation: this.#held.open(reservation) };
  }

  /**
   * Like `tryReserve`, but throws.
   * @throws RoutingError `budget-exceeded`, naming the budget and the sender.
   */
  async reserve(request: ReserveRequest, signal?: AbortSignal): Promise<Reservation> {
    const result = await this.tryReserve(request, signal);
    if (result.ok) return result.reservation;
    throw budgetError(result, request.senderId ?? ANONYMOUS_SENDER, request.model);
  }

  /**
   * Books one attempt to the reservation's sender: counted at once here, appended to the ledger behind the caller.
   * Spend beyond what the reservation still holds is booked all the same, flagged as `overrunUsd` and counted.
   */
  book(reservation: Reservation, attempt: AttemptUsage): LedgerEntry {
    const costUsd = this.pricing.costOf(attempt.model, attempt.usage);
    const timestampMs = this.#clock();
    const day = budgetPeriod(timestampMs, this.budgets.resetHourUtc).day;
    this.#pruneSpend(timestampMs, day);
    const overrunUsd = this.#held.consume(reservation, costUsd);
    if (overrunUsd > 0) {
      this.#overruns.count += 1;
      this.#overruns.usd += overrunUsd;
    }
    const entry = ledgerEntryOf(reservation, attempt, this.pricing, {
      attemptId: this.#ids.next(),
      timestampMs,
      day,
      costUsd,
      overrunUsd,
    });
    this.#view.applyLocal(entry);
    this.#writes.after(reservation.id, async () => {
      try {
        await this.store.append(entry);
      } catch (error) {
        this.#view.revertLocal(entry);
        throw error;
      }
    });
    return entry;
  }

  /** Releases whatever the reservation still holds (after reconciling, or after a failure), here at once and in the store after its bookings. */
  release(reservation: Reservation): void {
    if (!this.#held.close(reservation)) return;
    const shared = !this.#unshared.delete(reservation.id);
    if (shared) this.#releasing.add(reservation.id);
    this.#renewed.delete(reservation.id);
    if (this.#renewed.size === 0) this.#stopRenewing();
    this.#writes.after(reservation.id, async () => {
      try {
        if (shared)
          await this.store.updateHolds(async (holds) =>
            holds.some((hold) => hold.id === reservation.id)
              ? { holds: holds.filter((hold) => hold.id !== reservation.id), result: undefined }
              : { result: undefined },
          );
      } finally {
        this.#releasing.delete(reservation.id);
      }
      if (this.#view.sinceSnapshot >= this.#compactEvery) await this.#compact();
    });
  }

  /** Bookings that cost more than their reservation still held, and the USD beyond it, since this tracker opened. */
  get overruns(): { count: number; usd: number } {
    return { ...this.#overruns };
  }

  /**
   * Spend of the current budget day and month, USD, as of the last read of the store (`refresh` reads it): one
   * sender's, or global when `senderId` is absent; `reservedUsd` is what this process's open reservations hold.
   */
  spend(senderId?: string): { dailyUsd: number; monthlyUsd: number; reservedUsd: number } {
    const { day, month } = budgetPeriod(this.#clock(), this.budgets.resetHourUtc);
    const book = this.#view.spend;
    if (senderId === undefined) {
      return {
        dailyUsd: book.globalDay(day),
        monthlyUsd: book.globalMonth(month),
        reservedUsd: this.#held.global(),
      };
    }
    return {
      dailyUsd: book.senderDay(day, senderId),
      monthlyUsd: book.senderMonth(month, senderId),
      reservedUsd: this.#held.bySender(senderId),
    };
  }

  /** Reads what other processes booked since the last read. */
  refresh(signal?: AbortSignal): Promise<void> {
    return this.#view.catchUp(this.store, signal);
  }

  /** Booked attempts this process has seen (its own and those read from the store), matching `query`, oldest first. */
  ledger(query: LedgerQuery = {}): LedgerEntry[] {
    return this.#view.recent.query(query);
  }

  /** Resolves when the store holds every booking and release made so far. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  /**
   * Stops renewing the holds of reservations still open (they expire after `leaseMs`, as a killed process's
   * would), flushes, saves the compacted totals, and closes the store.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopRenewing();
    await this.#renewing;
    await this.flush();
    await this.#compact().catch(() => undefined);
    await this.store.close();
  }

  /** Saves the totals up to what was read as a snapshot (bookings still in flight are left for the next one). */
  async #compact(signal?: AbortSignal): Promise<void> {
    // One at a time: releases that all find the count reached start one snapshot, not one each.
    if (this.#compacting !== undefined) return this.#compacting;
    this.#view.sinceSnapshot = 0;
    this.#compacting = (async () => {
      await this.#view.catchUp(this.store, signal);
      this.#pruneSpend(this.#clock());
      const snapshot = { ...this.#view.snapshot(), retainedFromDay: this.#retainedFrom };
      await this.store.saveSnapshot(snapshot, signal);
    })().finally(() => {
      this.#compacting = undefined;
    });
    return this.#compacting;
  }

  /**
   * Forgets spend days no budget period needs any more: before the current budget month, and (on a shared store)
   * before the `retentionDays` the totals keep. Runs once per budget day, so spend stays bounded in every mode.
   */
  #pruneSpend(nowMs: number, day = budgetPeriod(nowMs, this.budgets.resetHourUtc).day): void {
    if (day === this.#prunedOn) return;
    this.#prunedOn = day;
    const historyDays = this.store.kind === 'memory' ? 0 : this.#retentionDays;
    this.#retainedFrom = oldestRetainedDay(nowMs, this.budgets.resetHourUtc, historyDays);
    this.#view.spend.prune(this.#retainedFrom);
  }

  /**
   * While shared reservations are open, renews their holds every half lease (one unref'd timer per tracker, not
   * per hold), so a call longer than `leaseMs` keeps its hold; a killed process stops renewing and its holds expire.
   */
  #startRenewing(): void {
    if (this.#renewTimer !== undefined || this.#closed) return;
    this.#renewTimer = setInterval(
      () => {
        if (this.#renewing === undefined)
          this.#renewing = this.#renew().finally(() => (this.#renewing = undefined));
      },
      // Timers take at most 2^31 - 1 ms (a longer delay fires at once).
      Math.min(this.#leaseMs / 2, MAX_TIMER_MS),
    );
    this.#renewTimer.unref();
  }

  #stopRenewing(): void {
    clearInterval(this.#renewTimer);
    this.#renewTimer = undefined;
  }

  /** Extends the lease of every live hold of a reservation open here (an expired one may have been counted free). */
  async #renew(): Promise<void> {
    try {
      await this.store.updateHolds(async (holds) => {
        const nowMs = this.#clock();
        let renewed = 0;
        const next = holds.map((hold) => {
          if (!this.#renewed.has(hold.id) || this.#releasing.has(hold.id) || hold.expiresAtMs <= nowMs)
            return hold;
          renewed += 1;
          return { ...hold, expiresAtMs: nowMs + this.#leaseMs };
        });
        return renewed === 0 ? { result: undefined } : { holds: next, result: undefined };
      });
    } catch (error) {
      this.#onError(error);
    }
  }
}
