import { z } from 'zod';

/** Spend of one group (a sender, a model or a day): USD, provider attempts, tokens. */
export const SpendRowSchema = z.object({
  /** The sender id, model (`provider/model`), or budget day (`YYYY-MM-DD`). */
  key: z.string(),
  costUsd: z.number().nonnegative(),
  /** Provider attempts booked (retries and failovers each count). */
  attempts: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type SpendRow = z.infer<typeof SpendRowSchema>;

/** What `clawft costs --json` prints: the ledger of the configured budget store, grouped three ways. */
export const CostsReportSchema = z.object({
  /**
   * Where the ledger was read: a file's absolute path (`<workspace>/costs/ledger.jsonl`; `<workspace>/costs/ledger*.jsonl`
   * once it has several segments), or the NATS stream.
   */
  file: z.string(),
  /** `bus.store`: which store the ledger belongs to. */
  store: z.enum(['memory', 'file', 'nats']),
  /** False when nothing was booked yet (no ledger file, an empty stream). */
  exists: z.boolean(),
  filters: z.object({
    /** Budget day (`YYYY-MM-DD`): entries of this day and later. */
    since: z.string().optional(),
    senderId: z.string().optional(),
  }),
  total: SpendRowSchema,
  /** Most expensive first. */
  bySender: z.array(SpendRowSchema),
  /** Most expensive first. */
  byModel: z.array(SpendRowSchema),
  /** Oldest first. */
  byDay: z.array(SpendRowSchema),
});
export type CostsReport = z.infer<typeof CostsReportSchema>;
