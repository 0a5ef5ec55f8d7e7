import { z } from 'zod';
import { LedgerEntrySchema } from './cost-ledger.js';
import { readStateFile } from './read-state-file.js';

/** A ledger entry of a version 1 cost file (before attempt ids, cost sources and pricing versions). */
const LegacyEntrySchema = LedgerEntrySchema.omit({
  attemptId: true,
  reservationId: true,
  costSource: true,
  pricingVersion: true,
}).extend({ id: z.number().int().nonnegative() });
export type LegacyEntry = z.infer<typeof LegacyEntrySchema>;

/**
 * What a version 1 `costs.json` holds (rewritten whole on every booking; replaced by the file store, which
 * migrates it): spend per budget day and sender, and the recent ledger.
 */
export const CostStateSchema = z.object({
  version: z.literal(1),
  nextEntryId: z.number().int().nonnegative(),
  /** day (`YYYY-MM-DD`) → sender → USD booked. */
  dailySpend: z.record(z.string(), z.record(z.string(), z.number().nonnegative())),
  ledger: z.array(LegacyEntrySchema),
});
export type CostState = z.infer<typeof CostStateSchema>;

/**
 * Reads a version 1 cost file. A missing file is `undefined`; a file that does not parse is an error (never
 * silently reset, which would forget spend and lift budgets).
 *
 * @throws {CostFileError} `cost-file-corrupt` (not JSON, or not the state schema), `cost-file-unreadable`.
 */
export function loadCostState(file: string, signal?: AbortSignal): Promise<CostState | undefined> {
  return readStateFile(file, CostStateSchema, 'cost state', signal);
}
