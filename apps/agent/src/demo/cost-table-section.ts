import { readCostLedger } from '@clawft/core';
import { NatsBusSchema } from '@clawft/types';
import { buildCostsReport } from '../costs/build-costs-report.js';
import { formatUsd, renderSpendTable } from '../costs/render-costs.js';

/** The per-sender cost table of every turn above, read back from the ledger in `<workspace>/costs/ledger.jsonl`. */
export async function costTableSection(workspace: string): Promise<string[]> {
  const ledger = await readCostLedger({ bus: { store: 'file', nats: NatsBusSchema.parse({}) }, workspace });
  const report = buildCostsReport({ file: ledger.location, exists: true, entries: ledger.entries });
  return [
    ...renderSpendTable('sender', report.bySender).trimEnd().split('\n'),
    ...renderSpendTable('model', report.byModel).trimEnd().split('\n'),
    `  total ${formatUsd(report.total.costUsd)} over ${report.total.attempts} provider attempts (clawft costs shows this for your workspace)`,
  ];
}
