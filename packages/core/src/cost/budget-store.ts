import { z } from 'zod';
import type { LedgerEntry } from './cost-ledger.js';

/** Money held for a call in flight, as every process sharing the store sees it. */
export const HoldRecordSchema = z.object({
  /** Unique across processes (the tracker's random UUID and a counter). */
  id: z.string().min(1),
  senderId: z.string(),
  /** What was reserved, USD (bookings against the hold are subtracted by whoever counts it). */
  amountUsd: z.number().nonnegative(),
  /** The process that holds it: `host:pid:uuid`. */
  owner: z.string(),
  /** Epoch milliseconds after which the hold is ignored and reaped (its owner died or hung). */
  expiresAtMs: z.number().nonnegative(),
});
export type HoldRecord = z.infer<typeof HoldRecordSchema>;

/** Period totals compacted from the ledger up to `cursor`: startup replays only what was appended after it. */
export const TotalsSnapshotSchema = z.object({
  version: z.literal(2),
  /** Position in the ledger the totals cover (file: bytes; nats: stream sequence; memory: entries). */
  cursor: z.number().int().nonnegative(),
  /** day (`YYYY-MM-DD`) → sender → USD booked up to `cursor`. */
  dailySpend: z.record(z.string(), z.record(z.string(), z.number().nonnegative())),
  /**
   * The oldest budget day (`YYYY-MM-DD`) the totals keep: spend of earlier days was pruned (`retentionDays`), so the
   * store may drop ledger entries of those days that `cursor` covers. Absent in snapshots of earlier versions
   * (nothing is dropped until the next snapshot).
   */
  retainedFromDay: z.string().optional(),
});
export type TotalsSnapshot = z.infer<typeof TotalsSnapshotSchema>;

/** What a hold update decides: the holds to write (omitted: write nothing) and what to return to the caller. */
export interface HoldsChange<T> {
  holds?: HoldRecord[];
  result: T;
}

/** Ledger entries appended after a cursor, and the cursor after the last of them. */
export interface LedgerRead {
  entries: LedgerEntry[];
  cursor: number;
}

/** Which shared store budgets and the ledger live in (`bus.store`). */
export type BudgetStoreKind = 'memory' | 'file' | 'nats';

/**
 * Where the cost tracker keeps what every worker must agree on: the open holds (changed only through
 * `updateHolds`, atomic across every process sharing the store), the append-only ledger (one entry per LLM
 * attempt) and the compacted period totals. Implementations: `createMemoryBudgetStore` (one process),
 * `openFileBudgetStore` (one machine, a lock file), `openNatsBudgetStore` (JetStream KV with compare-and-set on the
 * revision, and a stream for the ledger).
 */
export interface BudgetStore {
  readonly kind: BudgetStoreKind;
  /** Where it lives, for messages and `clawft costs` (a directory, a bucket and stream, or "memory"). */
  readonly location: string;
  /**
   * Reads the holds, lets `change` decide on them (it may read the ledger meanwhile), and writes the holds it
   * returns, atomically with respect to every other `updateHolds` on the store (retried on a conflict, so
   * `change` may run more than once).
   */
  updateHolds<T>(
    change: (holds: readonly HoldRecord[]) => Promise<HoldsChange<T>>,
    signal?: AbortSignal,
  ): Promise<T>;
  /** Appends one entry (durable when it resolves); idempotent by `attemptId` where a retry could repeat it. */
  append(entry: LedgerEntry, signal?: AbortSignal): Promise<void>;
  /** Entries appended after `cursor` (0: from the start), oldest first. */
  readEntries(cursor: number, signal?: AbortSignal): Promise<LedgerRead>;
  loadSnapshot(signal?: AbortSignal): Promise<TotalsSnapshot | undefined>;
  /**
   * Saves compacted totals (never replacing a snapshot of a later cursor), then drops the ledger entries the saved
   * totals cover of days before their `retainedFromDay` (file: whole finished segments; nats: a purge up to them).
   */
  saveSnapshot(snapshot: TotalsSnapshot, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
