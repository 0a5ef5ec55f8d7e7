import type { CommandEntry } from './commands.js';

/** `clawft mcp`: its table entry and help. */
export const MCP_COMMAND: CommandEntry = {
  summary: 'List the configured MCP servers, their state and their tools',
  takesArgs: true,
  help: `Usage: clawft mcp list [--json] [--verbose] [-c <config>]

Starts every server in tools.mcpServers, prints whether it connected (and why not), its protocol version and
its tools, then closes them all: no server process outlives the command. --verbose shows the servers' logs.
`,
  load: async () => (await import('../commands/mcp.js')).mcpCommand,
};
