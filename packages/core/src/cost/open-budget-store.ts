import { join } from 'node:path';
import type { Bus } from '@clawft/types';
import type { BudgetStore } from './budget-store.js';
import { openFileBudgetStore } from './file-budget-store.js';
import { createMemoryBudgetStore } from './memory-budget-store.js';
import { openNatsBudgetStore } from './nats-budget-store.js';

export interface OpenBudgetStoreOptions {
  /** config.json `bus`: `store` picks the store, `nats` connects the `nats` one. */
  bus: Pick<Bus, 'store' | 'nats'>;
  /** The workspace: the file store is `<workspace>/costs/` (a version 1 `<workspace>/costs.json` is migrated). */
  workspace: string;
  signal?: AbortSignal;
}

/**
 * The budget store `bus.store` names: `memory` (this process), `file` (`<workspace>/costs/`, shared by the
 * processes of this machine) or `nats` (JetStream KV and a stream on `bus.nats`, shared by every worker).
 *
 * @throws {CostFileError} from a file store whose files do not parse; BusError `bus-unavailable` from nats.
 * @example
 * const store = await openBudgetStore({ bus: config.bus, workspace });
 */
export async function openBudgetStore(options: OpenBudgetStoreOptions): Promise<BudgetStore> {
  const { bus, workspace, signal } = options;
  const withSignal = signal === undefined ? {} : { signal };
  switch (bus.store) {
    case 'memory':
      return createMemoryBudgetStore();
    case 'file':
      return openFileBudgetStore({
        dir: join(workspace, 'costs'),
        legacyFile: join(workspace, 'costs.json'),
        ...withSignal,
      });
    case 'nats':
      return openNatsBudgetStore({ nats: bus.nats, ...withSignal });
    default: {
      const unknown: never = bus.store;
      throw new TypeError(`Unknown bus.store ${String(unknown)}`);
    }
  }
}
