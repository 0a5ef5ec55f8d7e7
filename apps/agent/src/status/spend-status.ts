import { CostFileError, CostTracker, createMemoryBudgetStore, readCostLedger } from '@clawft/core';
import type { Config } from '@clawft/types';

/** One sender's spend in the current budget day and month, with the limits that apply to it. */
export interface SenderSpend {
  senderId: string;
  dailyUsd: number;
  monthlyUsd: number;
  /** `null`: no limit. */
  dailyLimitUsd: number | null;
  monthlyLimitUsd: number | null;
}

/** Spend from the ledger of the configured budget store against `routing.costBudgets`, for `clawft status`. */
export interface SpendStatus {
  /** Where the ledger was read (`<workspace>/costs/ledger.jsonl`, or the NATS stream). */
  file: string;
  /** False when nothing was booked yet: every figure is 0. */
  exists: boolean;
  global: Omit<SenderSpend, 'senderId'>;
  /** Senders with spend this month or a named budget, most spent today first. */
  senders: SenderSpend[];
  /** Why the cost file could not be read (`cost-file-corrupt`, `cost-file-unreadable`); the figures are then 0. */
  error?: { kind: string; message: string };
}

/**
 * Reads the ledger of the store `bus.store` names (without changing anything) and reports the current budget day's and month's
 * spend, global and per sender, beside the configured limits. A cost file that cannot be read is reported in
 * `error` (status is a diagnostic and keeps going); `clawft costs` fails on it instead.
 *
 * @example
 * const { global, senders } = await spendStatus(config, '/home/me/.clawft/workspace');
 */
export async function spendStatus(
  config: Config,
  workspace: string,
  signal?: AbortSignal,
): Promise<SpendStatus> {
  const budgets = config.routing.costBudgets;
  let file = workspace;
  let exists = false;
  let error: SpendStatus['error'];
  const store = createMemoryBudgetStore();
  try {
    const ledger = await readCostLedger({
      bus: config.bus,
      workspace,
      ...(signal === undefined ? {} : { signal }),
    });
    file = ledger.location;
    exists = ledger.exists;
    for (const entry of ledger.entries) await store.append(entry);
  } catch (caught) {
    if (!CostFileError.is(caught)) throw caught;
    file = caught.file;
    exists = true;
    error = { kind: caught.kind, message: caught.message };
  }
  // The totals are the sum of the entries: fold them the way the workers do.
  const tracker = await CostTracker.open({ budgets, store, ...(signal === undefined ? {} : { signal }) });
  const limit = (value: number | undefined) => value ?? null;
  const ids = new Set([...tracker.ledger().map((entry) => entry.senderId), ...Object.keys(budgets.senders)]);
  const senders = [...ids].map((senderId): SenderSpend => {
    const spend = tracker.spend(senderId);
    const named = budgets.senders[senderId];
    return {
      senderId,
      dailyUsd: spend.dailyUsd,
      monthlyUsd: spend.monthlyUsd,
      dailyLimitUsd: limit(named?.dailyLimitUsd ?? budgets.perSenderDailyLimitUsd),
      monthlyLimitUsd: limit(named?.monthlyLimitUsd ?? budgets.perSenderMonthlyLimitUsd),
    };
  });
  const global = tracker.spend();
  return {
    file,
    exists,
    ...(error === undefined ? {} : { error }),
    global: {
      dailyUsd: global.dailyUsd,
      monthlyUsd: global.monthlyUsd,
      dailyLimitUsd: limit(budgets.globalDailyLimitUsd),
      monthlyLimitUsd: limit(budgets.globalMonthlyLimitUsd),
    },
    senders: senders
      .filter((sender) => sender.monthlyUsd > 0 || Object.hasOwn(budgets.senders, sender.senderId))
      .sort((a, b) => b.dailyUsd - a.dailyUsd || a.senderId.localeCompare(b.senderId)),
  };
}
