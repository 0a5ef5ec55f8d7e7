import type { CostsReport, SpendRow } from './costs-report-schema.js';

/** USD with enough decimals for small per-call costs: `$0.000420`. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd !== 0 && usd < 0.01 ? 6 : 4)}`;
}

/** Rows as an aligned text table with a header naming the grouping. */
export function renderSpendTable(title: string, rows: readonly SpendRow[]): string {
  const cells = rows.map((row) => [
    row.key,
    formatUsd(row.costUsd),
    String(row.attempts),
    String(row.inputTokens),
    String(row.outputTokens),
  ]);
  const header = [title, 'cost', 'attempts', 'in tokens', 'out tokens'];
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `  ${values.map((value, column) => (column === 0 ? value.padEnd(widths[column] ?? 0) : value.padStart(widths[column] ?? 0))).join('  ')}\n`;
  return [header, ...cells].map(line).join('');
}

/**
 * `clawft costs` as text: the total, then spend by sender, model and day.
 *
 * @example
 * io.stdout(renderCosts(buildCostsReport({ file, exists: true, entries })));
 */
export function renderCosts(report: CostsReport): string {
  if (!report.exists)
    return `No spend recorded yet (nothing in the ${report.store} store's ledger at ${report.file}).\n`;
  const filters = [
    report.filters.since === undefined ? '' : ` since ${report.filters.since}`,
    report.filters.senderId === undefined ? '' : ` for sender ${report.filters.senderId}`,
  ].join('');
  const head = `Spend${filters}: ${formatUsd(report.total.costUsd)} over ${report.total.attempts} attempts (${report.file})\n`;
  if (report.total.attempts === 0) return head;
  return [
    head,
    renderSpendTable('sender', report.bySender),
    renderSpendTable('model', report.byModel),
    renderSpendTable('day', report.byDay),
  ].join('\n');
}
