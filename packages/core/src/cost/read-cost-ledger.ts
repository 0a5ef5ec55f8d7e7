import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus } from '@clawft/types';
import type { LedgerEntry } from './cost-ledger.js';
import { readLedgerLines } from './ledger-file.js';
import { loadCostState } from './legacy-cost-file.js';
import { migrateLegacyEntries } from './migrate-legacy-entries.js';
import { openNatsBudgetStore } from './nats-budget-store.js';

export interface CostLedgerContents {
  /** Where the ledger lives: a file, a NATS stream, or "memory". */
  location: string;
  /** False when nothing was booked there yet (no ledger file, an empty stream, or the memory store). */
  exists: boolean;
  /** Every entry, oldest first: the totals are their sum. */
  entries: LedgerEntry[];
}

/**
 * Reads the whole ledger of the store `bus.store` names, without writing anything: `<workspace>/costs/ledger.jsonl`
 * (or a version 1 `<workspace>/costs.json` not migrated yet, read as it would migrate), the NATS ledger stream, or
 * nothing for `memory` (a store of one process that has ended). For `clawft costs` and `clawft status`.
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
  const ledger = join(workspace, 'costs', 'ledger.jsonl');
  if (await exists(ledger)) {
    return { location: ledger, exists: true, entries: (await readLedgerLines(ledger, 0, signal)).entries };
  }
  const legacy = join(workspace, 'costs.json');
  const state = await loadCostState(legacy, signal);
  if (state !== undefined) return { location: legacy, exists: true, entries: migrateLegacyEntries(state) };
  return { location: ledger, exists: false, entries: [] };
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
