import { join } from 'node:path';
import { CostTracker } from '@clawft/core';
import { buildCostsReport } from '../costs/build-costs-report.js';
import { formatUsd, renderSpendTable } from '../costs/render-costs.js';

/** The per-sender cost table of every turn above, read back from the ledger in `<workspace>/costs.json`. */
export async function costTableSection(workspace: string): Promise<string[]> {
  const file = join(workspace, 'costs.json');
  const tracker = await CostTracker.open({ file });
  const report = buildCostsReport({ file, exists: true, entries: tracker.ledger() });
  return [
    ...renderSpendTable('sender', report.bySender).trimEnd().split('\n'),
    ...renderSpendTable('model', report.byModel).trimEnd().split('\n'),
    `  total ${formatUsd(report.total.costUsd)} over ${report.total.attempts} provider attempts (clawft costs shows this for your workspace)`,
  ];
}
