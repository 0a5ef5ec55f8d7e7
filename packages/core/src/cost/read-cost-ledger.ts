import { join } from 'node:path';
import type { Bus } from '@clawft/types';
import type { LedgerEntry } from './cost-ledger.js';
import { listLedgerSegments, readLedger } from './ledger-segments.js';
import { loadCostState } from './legacy-cost-file.js';
import { migrateLegacyEntries } from './migrate-legacy-entries.js';
import { openNatsBudgetStore } from './nats-budget-store.js';

export interface CostLedgerContents {
  /** Where the ledger lives: a file (`<dir>/ledger*.jsonl` once it has several segments), a NATS stream, or "memory". */
  location: string;
  /** False when nothing was booked there yet (no ledger file, an empty stream, or the memory store). */
  exists: boolean;
  /** Every entry the store keeps, oldest first: the totals of the days they keep are their sum. */
  entries: LedgerEntry[];
}

/**
 * Reads the whole ledger of the store `bus.store` names, without writing anything: the segments of
 * `<workspace>/costs/` (`ledger.jsonl`, `ledger.<position>.jsonl`: about `retentionDays` of entries, older ones are
 * deleted), or a version 1 `<workspace>/costs.json` not migrated yet, read as it would migrate; the NATS ledger
 * stream; or nothing for `memory` (a store of one process that has ended). For `clawft costs` and `clawft status`.
 *
 * @throws {CostFileError} for a version 1 cost file that does not parse; BusError `bus-unavailable` from nats.
 */
export async function readCostLedger(options: {
  bus: Pick<Bus, 'store' | 'nats'>;
  workspace: string;
  signal?: AbortSignal;
}): Promise<CostLedgerContents> {
  const { bus, workspace, signal } = options;
  if (bus.store === 'memory') return { location: 'memory', exists: false, entries: [] };
  if (bus.store === 'nats') {
    const store = await openNatsBudgetStore({ nats: bus.nats, ...(signal === undefined ? {} : { signal }) });
    try {
      const { entries } = await store.readEntries(0, signal);
      return { location: store.location, exists: entries.length > 0, entries };
    } finally {
      await store.close();
    }
  }
  const dir = join(workspace, 'costs');
  const segments = await listLedgerSegments(dir);
  const ledger = join(dir, 'ledger.jsonl');
  if (segments.length > 0) {
    const location = segments.length === 1 ? (segments[0]?.file ?? ledger) : join(dir, 'ledger*.jsonl');
    return { location, exists: true, entries: (await readLedger(dir, 0, signal)).entries };
  }
  const legacy = join(workspace, 'costs.json');
  const state = await loadCostState(legacy, signal);
  if (state !== undefined) return { location: legacy, exists: true, entries: migrateLegacyEntries(state) };
  return { location: ledger, exists: false, entries: [] };
}
