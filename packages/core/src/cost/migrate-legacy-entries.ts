import type { LedgerEntry } from './cost-ledger.js';
import type { CostState } from './legacy-cost-file.js';

const NO_USAGE = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/**
 * The ledger entries a version 1 cost file becomes: each of its entries (attempt id `costs.json#<id>`), and for
 * each (day, sender) whose recorded spend exceeds what its kept entries sum to (v1 dropped old entries but kept
 * their spend), one carry-over entry of the difference (`costSource: 'migrated'`), so the totals still equal the
 * sum of the entries and no budget is lifted by the migration.
 */
export function migrateLegacyEntries(state: CostState): LedgerEntry[] {
  const entries: LedgerEntry[] = state.ledger.map(({ id, ...entry }) => ({
    ...entry,
    attemptId: `costs.json#${id}`,
    reservationId: `costs.json#${id}`,
    costSource: entry.priced ? (entry.usageReported ? 'pricing' : 'estimated-usage') : 'unpriced',
    pricingVersion: 'v1',
  }));
  const listed = new Map<string, number>();
  for (const entry of entries) {
    const key = `${entry.day}\u0000${entry.senderId}`;
    listed.set(key, (listed.get(key) ?? 0) + entry.costUsd);
  }
  for (const [day, senders] of Object.entries(state.dailySpend)) {
    for (const [senderId, usd] of Object.entries(senders)) {
      const missing = usd - (listed.get(`${day}\u0000${senderId}`) ?? 0);
      if (missing <= 1e-12) continue;
      entries.push({
        attemptId: `costs.json#carry-over:${day}:${senderId}`,
        reservationId: 'costs.json#carry-over',
        requestId: 'costs.json#carry-over',
        timestampMs: Date.parse(`${day}T00:00:00Z`),
        day,
        senderId,
        provider: 'migrated',
        model: 'migrated',
        attempt: 1,
        usage: NO_USAGE,
        costUsd: missing,
        costSource: 'migrated',
        pricingVersion: 'v1',
        usageReported: false,
        priced: true,
        success: true,
      });
    }
  }
  return entries;
}
