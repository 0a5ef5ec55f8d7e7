import { readCostLedger } from '@clawft/core';
import { EXIT_OK, EXIT_USAGE } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { workspaceOf } from '../config/workspace-of.js';
import { buildCostsReport } from '../costs/build-costs-report.js';
import { renderCosts } from '../costs/render-costs.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `clawft costs [--since YYYY-MM-DD] [--sender <id>] [--json]`: spend by sender, model and day from the ledger of
 * the store `bus.store` names (`<workspace>/costs/ledger.jsonl`, or the NATS ledger stream); the totals are the sum
 * of its entries. `--json` prints a `CostsReport` (see `CostsReportSchema`).
 *
 * @throws ConfigError when the config cannot be loaded; CostFileError (`cost-file-corrupt`, `cost-file-unreadable`);
 *   BusError `bus-unavailable` when the NATS store cannot be reached.
 */
export async function costsCommand(context: CommandContext): Promise<number> {
  const { io, flags, options } = context;
  const since = typeof options.since === 'string' ? options.since : undefined;
  const senderId = typeof options.sender === 'string' ? options.sender : undefined;
  if (since !== undefined && !(DAY.test(since) && !Number.isNaN(Date.parse(since)))) {
    io.stderr(`clawft: --since must be a day written YYYY-MM-DD (got "${since}"), e.g. --since 2026-12-01\n`);
    return EXIT_USAGE;
  }
  const { config } = await discoverForCommand(io, flags);
  const ledger = await readCostLedger({
    bus: config.bus,
    workspace: workspaceOf(config, io.cwd),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const report = buildCostsReport({
    file: ledger.location,
    store: config.bus.store,
    exists: ledger.exists,
    entries: ledger.entries,
    ...(since === undefined ? {} : { since }),
    ...(senderId === undefined ? {} : { senderId }),
  });
  io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderCosts(report));
  return EXIT_OK;
}
