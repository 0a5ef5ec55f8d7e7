import type { LedgerEntry } from './cost-ledger.js';
import type { AttemptUsage } from './cost-tracker-options.js';
import type { Reservation } from './held-reservations.js';
import type { PricingTable } from './pricing.js';

/** The ledger entry of one attempt booked against `reservation` (`booked.attemptId`: a fresh id), priced with `pricing`. */
export function ledgerEntryOf(
  reservation: Reservation,
  attempt: AttemptUsage,
  pricing: PricingTable,
  booked: { attemptId: string; timestampMs: number; day: string; costUsd: number; overrunUsd: number },
): LedgerEntry {
  const priced = pricing.priceOf(attempt.model) !== undefined;
  const usageReported = attempt.usageReported ?? true;
  // One object shape built in place (no conditional spreads: this runs for every attempt booked).
  const entry: LedgerEntry = {
    attemptId: booked.attemptId,
    reservationId: reservation.id,
    requestId: reservation.requestId,
    timestampMs: booked.timestampMs,
    day: booked.day,
    senderId: reservation.senderId,
    provider: attempt.provider,
    model: attempt.model,
    attempt: attempt.attempt,
    usage: attempt.usage,
    costUsd: booked.costUsd,
    costSource: priced ? (usageReported ? 'pricing' : 'estimated-usage') : 'unpriced',
    pricingVersion: pricing.version,
    usageReported,
    priced,
    success: attempt.success,
  };
  if (reservation.sessionKey !== undefined) entry.sessionKey = reservation.sessionKey;
  if (attempt.errorKind !== undefined) entry.errorKind = attempt.errorKind;
  if (booked.overrunUsd > 0) entry.overrunUsd = booked.overrunUsd;
  return entry;
}
