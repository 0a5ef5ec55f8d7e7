import { randomUUID } from 'node:crypto';
import type { LedgerEntry } from './cost-ledger.js';
import type { AttemptUsage } from './cost-tracker-options.js';
import type { Reservation } from './held-reservations.js';
import type { PricingTable } from './pricing.js';

/** The ledger entry of one attempt booked against `reservation` (a fresh attempt id), priced with `pricing`. */
export function ledgerEntryOf(
  reservation: Reservation,
  attempt: AttemptUsage,
  pricing: PricingTable,
  booked: { timestampMs: number; day: string; costUsd: number; overrunUsd: number },
): LedgerEntry {
  const priced = pricing.priceOf(attempt.model) !== undefined;
  const usageReported = attempt.usageReported ?? true;
  return {
    attemptId: randomUUID(),
    reservationId: reservation.id,
    requestId: reservation.requestId,
    ...(reservation.sessionKey === undefined ? {} : { sessionKey: reservation.sessionKey }),
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
    ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
    ...(booked.overrunUsd > 0 ? { overrunUsd: booked.overrunUsd } : {}),
  };
}
