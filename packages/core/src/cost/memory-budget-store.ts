import type { BudgetStore, HoldRecord, HoldsChange, LedgerRead, TotalsSnapshot } from './budget-store.js';
import type { LedgerEntry } from './cost-ledger.js';

export interface MemoryBudgetStoreOptions {
  /** Ledger entries kept (the oldest are dropped in batches; the totals keep counting them). @default 100000 */
  maxEntries?: number;
}

/**
 * A store of one process (tests, ephemeral runs): holds and the ledger in memory. Hold updates run one at a time,
 * so a `change` that awaits cannot interleave with another.
 *
 * @example
 * const tracker = await CostTracker.open({ store: createMemoryBudgetStore() });
 */
export function createMemoryBudgetStore(options: MemoryBudgetStoreOptions = {}): BudgetStore {
  const maxEntries = options.maxEntries ?? 100_000;
  let holds: HoldRecord[] = [];
  let entries: LedgerEntry[] = [];
  /** Cursor of `entries[0]`: entries before it were dropped. */
  let base = 0;
  const attemptIds = new Set<string>();
  let snapshot: TotalsSnapshot | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'memory',
    location: 'memory',
    updateHolds<T>(change: (held: readonly HoldRecord[]) => Promise<HoldsChange<T>>, signal?: AbortSignal) {
      const run = queue.then(async () => {
        signal?.throwIfAborted();
        const decided = await change(holds);
        if (decided.holds !== undefined) holds = decided.holds;
        return decided.result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async append(entry) {
      if (attemptIds.has(entry.attemptId)) return;
      attemptIds.add(entry.attemptId);
      entries.push(entry);
      if (entries.length > maxEntries * 1.1) {
        const dropped = entries.length - maxEntries;
        for (const old of entries.slice(0, dropped)) attemptIds.delete(old.attemptId);
        entries = entries.slice(dropped);
        base += dropped;
      }
    },
    async readEntries(cursor): Promise<LedgerRead> {
      return { entries: entries.slice(Math.max(0, cursor - base)), cursor: base + entries.length };
    },
    async loadSnapshot() {
      return snapshot;
    },
    async saveSnapshot(next) {
      if (snapshot === undefined || next.cursor > snapshot.cursor) snapshot = next;
    },
    async close() {},
  };
}
