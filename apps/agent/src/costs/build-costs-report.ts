import type { LedgerEntry } from '@clawft/core';
import type { CostsReport, SpendRow } from './costs-report-schema.js';

export interface BuildCostsReportOptions {
  /** Where the ledger was read (a file, or the NATS stream). */
  file: string;
  /** `bus.store`. @default "file" */
  store?: CostsReport['store'];
  exists: boolean;
  entries: readonly LedgerEntry[];
  /** `YYYY-MM-DD`: keep entries of this budget day and later. */
  since?: string;
  senderId?: string;
}

/**
 * Groups ledger entries by sender, `provider/model` and budget day, after the `since` and `senderId` filters.
 *
 * @example
 * buildCostsReport({ file, exists: true, entries: tracker.ledger(), since: '2026-12-01' }).bySender
 */
export function buildCostsReport(options: BuildCostsReportOptions): CostsReport {
  const entries = options.entries.filter(
    (entry) =>
      (options.since === undefined || entry.day >= options.since) &&
      (options.senderId === undefined || entry.senderId === options.senderId),
  );
  const filters: CostsReport['filters'] = {};
  if (options.since !== undefined) filters.since = options.since;
  if (options.senderId !== undefined) filters.senderId = options.senderId;
  const byCost = (a: SpendRow, b: SpendRow) => b.costUsd - a.costUsd || a.key.localeCompare(b.key);
  return {
    file: options.file,
    store: options.store ?? 'file',
    exists: options.exists,
    filters,
    total: group(entries, () => 'total')[0] ?? emptyRow('total'),
    bySender: group(entries, (entry) => entry.senderId).sort(byCost),
    byModel: group(entries, (entry) => entry.model).sort(byCost),
    byDay: group(entries, (entry) => entry.day).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

function emptyRow(key: string): SpendRow {
  return { key, costUsd: 0, attempts: 0, inputTokens: 0, outputTokens: 0 };
}

function group(entries: readonly LedgerEntry[], keyOf: (entry: LedgerEntry) => string): SpendRow[] {
  const rows = new Map<string, SpendRow>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const row = rows.get(key) ?? emptyRow(key);
    row.costUsd += entry.costUsd;
    row.attempts += 1;
    row.inputTokens += entry.usage.inputTokens;
    row.outputTokens += entry.usage.outputTokens;
    rows.set(key, row);
  }
  return [...rows.values()];
}
