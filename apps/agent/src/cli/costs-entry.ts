import type { CommandEntry } from './commands.js';

/** `clawft costs`: its table entry, with its own options and help. */
export const COSTS_COMMAND: CommandEntry = {
  summary: 'Show spend by sender, model and day from the cost ledger',
  options: {
    since: { type: 'string' },
    sender: { type: 'string' },
  },
  help: `Usage: clawft costs [--since <YYYY-MM-DD>] [--sender <id>] [--json] [-c <config>]

Reads the ledger of the budget store bus.store names (<workspace>/costs/ledger.jsonl, or the NATS ledger
stream): every provider attempt booked by the pipeline, retries and failovers included. Prints the total, then
spend by sender, by provider/model and by budget day.

Options:
      --since <day>  Only budget days on or after this one (YYYY-MM-DD)
      --sender <id>  Only this sender's spend
      --json         Print the report as JSON (CostsReportSchema)
`,
  load: async () => (await import('../commands/costs.js')).costsCommand,
};
