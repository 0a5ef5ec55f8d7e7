import type { BudgetStore, TotalsSnapshot } from './budget-store.js';
import { CostLedger, type LedgerEntry } from './cost-ledger.js';
import { SpendBook } from './spend-book.js';

/**
 * One process's fold of the shared ledger: period totals (from the last snapshot plus every entry read after it),
 * what each hold has had booked against it, and the recent entries. Entries this process booked are applied at
 * once ("ahead" of the cursor) and skipped when the store hands them back, so they are never counted twice.
 */
export class LedgerView {
  readonly spend: SpendBook;
  readonly recent: CostLedger;
  /** Store position up to which entries were read. */
  cursor: number;
  /** Entries applied since the last snapshot was saved or loaded. */
  sinceSnapshot = 0;
  readonly #bookedByHold = new Map<string, number>();
  /** Entries applied here and not read back from the store yet, by attempt id. */
  readonly #ahead = new Map<string, LedgerEntry>();
  #reading: Promise<void> = Promise.resolve();

  constructor(maxEntries: number, snapshot?: TotalsSnapshot) {
    this.spend = SpendBook.fromRecord(snapshot?.dailySpend ?? {});
    this.cursor = snapshot?.cursor ?? 0;
    this.recent = new CostLedger(maxEntries);
  }

  /** USD booked against hold `id` so far, as far as this process has read. */
  bookedAgainst(id: string): number {
    return this.#bookedByHold.get(id) ?? 0;
  }

  /** Forgets what was booked against holds that are gone (released or reaped), keeping those of `live`. */
  forgetHoldsExcept(live: readonly { readonly id: string }[]): void {
    if (this.#bookedByHold.size === 0) return;
    const keep = new Set<string>();
    for (const hold of live) keep.add(hold.id);
    for (const id of this.#bookedByHold.keys()) if (!keep.has(id)) this.#bookedByHold.delete(id);
  }

  /** Applies an entry this process is appending (before the store has it). */
  applyLocal(entry: LedgerEntry): void {
    this.#ahead.set(entry.attemptId, entry);
    this.#apply(entry);
  }

  /** Takes back a local entry whose append failed: the totals must only count what the ledger holds. */
  revertLocal(entry: LedgerEntry): void {
    if (!this.#ahead.delete(entry.attemptId)) return;
    this.spend.add(entry.day, entry.senderId, -entry.costUsd);
    this.#bookedByHold.set(entry.reservationId, this.bookedAgainst(entry.reservationId) - entry.costUsd);
    this.sinceSnapshot -= 1;
  }

  /** Reads what the store appended after the cursor (one read at a time). */
  catchUp(store: BudgetStore, signal?: AbortSignal): Promise<void> {
    const next = this.#reading.then(async () => {
      const read = await store.readEntries(this.cursor, signal);
      for (const entry of read.entries) {
        if (this.#ahead.delete(entry.attemptId)) continue;
        this.#apply(entry);
      }
      this.cursor = read.cursor;
    });
    this.#reading = next.catch(() => undefined);
    return next;
  }

  /**
   * The totals up to the cursor: what was read, without the local entries not read back yet (they lie after the
   * cursor), so a snapshot can be taken while bookings are in flight.
   */
  snapshot(): TotalsSnapshot {
    const dailySpend = this.spend.toRecord();
    for (const entry of this.#ahead.values()) {
      const senders = dailySpend[entry.day];
      const usd = senders?.[entry.senderId];
      if (senders !== undefined && usd !== undefined)
        senders[entry.senderId] = Math.max(0, usd - entry.costUsd);
    }
    return { version: 2, cursor: this.cursor, dailySpend };
  }

  #apply(entry: LedgerEntry): void {
    this.spend.add(entry.day, entry.senderId, entry.costUsd);
    this.recent.append(entry);
    this.#bookedByHold.set(entry.reservationId, this.bookedAgainst(entry.reservationId) + entry.costUsd);
    this.sinceSnapshot += 1;
  }
}
