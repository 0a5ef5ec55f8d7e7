import { type Usage, UsageSchema } from '@clawft/types';
import { z } from 'zod';

/** One provider attempt, booked to a sender. Retries and failovers each add an entry. */
export const LedgerEntrySchema = z.object({
  /** Unique id of the booking (the tracker's random UUID and a counter): appends are idempotent by it. */
  attemptId: z.string().min(1),
  /** The reservation the attempt was booked against. */
  reservationId: z.string(),
  /** The pipeline request the attempt belonged to. */
  requestId: z.string(),
  /** The conversation (`channel:chatId`) when the request named one. */
  sessionKey: z.string().optional(),
  /** Epoch milliseconds. */
  timestampMs: z.number().nonnegative(),
  /** Budget day, `YYYY-MM-DD` (see `budgetPeriod`). */
  day: z.string(),
  senderId: z.string(),
  provider: z.string(),
  model: z.string(),
  /** 1-based attempt number within the request. */
  attempt: z.number().int().positive(),
  usage: UsageSchema,
  costUsd: z.number().nonnegative(),
  /**
   * Where `costUsd` comes from: `pricing` (reported usage × the pricing table), `estimated-usage` (a failed stream
   * that reported none: usage estimated), `unpriced` (the model has no price: booked at 0), `migrated` (carried over
   * from a version 1 `costs.json`).
   */
  costSource: z.enum(['pricing', 'estimated-usage', 'unpriced', 'migrated']),
  /** Hash of the pricing table the cost was computed with (12 hex digits). */
  pricingVersion: z.string(),
  /** False when the usage was estimated (a failed partial stream that reported none). */
  usageReported: z.boolean(),
  /** False when the model had no price (booked at 0). */
  priced: z.boolean(),
  success: z.boolean(),
  errorKind: z.string().optional(),
  /** USD of `costUsd` beyond what the reservation still held (the estimate was too low); absent when within it. */
  overrunUsd: z.number().positive().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** Which entries a ledger query selects; absent fields match everything. */
export interface LedgerQuery {
  senderId?: string;
  model?: string;
  /** `YYYY-MM-DD` budget day. */
  day?: string;
}

/** Bounded, append-only list of booked attempts (oldest dropped first). */
export class CostLedger {
  readonly #entries: LedgerEntry[] = [];
  readonly #maxEntries: number;

  constructor(maxEntries: number, entries: readonly LedgerEntry[] = []) {
    this.#maxEntries = maxEntries;
    for (const entry of entries) this.append(entry);
  }

  append(entry: LedgerEntry): void {
    this.#entries.push(entry);
    // Drop in batches so appends stay amortised O(1).
    if (this.#entries.length > this.#maxEntries * 1.1)
      this.#entries.splice(0, this.#entries.length - this.#maxEntries);
  }

  /** Entries matching `query`, oldest first. */
  query(query: LedgerQuery = {}): LedgerEntry[] {
    return this.#entries.filter(
      (entry) =>
        (query.senderId === undefined || entry.senderId === query.senderId) &&
        (query.model === undefined || entry.model === query.model) &&
        (query.day === undefined || entry.day === query.day),
    );
  }

  /** Every entry, oldest first (a copy). */
  all(): LedgerEntry[] {
    return this.#entries.slice();
  }
}

/** Sum of `usage` fields, for totals. */
export function addUsage(total: Usage, usage: Usage): Usage {
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cacheReadTokens: total.cacheReadTokens + usage.cacheReadTokens,
    cacheWriteTokens: total.cacheWriteTokens + usage.cacheWriteTokens,
  };
}
