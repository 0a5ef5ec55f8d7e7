import type { CommandEntry } from './commands.js';

/** `clawft agent`: its table entry, with its own options and help (kept here so `commands.ts` stays a table). */
export const AGENT_COMMAND: CommandEntry = {
  summary: 'Talk to the agent: one shot with -m, else an interactive session',
  options: {
    message: { type: 'string', short: 'm' },
    session: { type: 'string', short: 's' },
  },
  help: `Usage: clawft agent [-m <message>] [--session <id>] [--json] [--verbose] [-c <config>]

Without -m, starts an interactive session (line editing; history in <workspace>/.clawft-history).
With no provider key configured, runs on the built-in offline model and says so.

Options:
  -m, --message <text>  Send one message, print the answer as it streams, and exit
  -s, --session <id>    Continue the conversation stored as session cli:<id> @default "main"
      --json            Print the turn's events as JSON lines (one TurnEvent per line) instead of text
      --verbose         Log retries, MCP servers and problems to stderr

Interactive: Ctrl-C cancels the running turn; a second Ctrl-C (or Ctrl-D, or /exit) quits.
`,
  load: async () => (await import('../commands/agent.js')).agentCommand,
};
