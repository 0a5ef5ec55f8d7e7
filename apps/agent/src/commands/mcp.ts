import { EXIT_OK, EXIT_USAGE } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { probeMcpServers } from '../mcp/probe-mcp-servers.js';
import { renderMcpServers } from '../mcp/render-mcp-servers.js';

/**
 * `clawft mcp list [--json]`: starts each server of `tools.mcpServers`, prints its state and tools, and closes
 * them all before exiting (no child process is left). Exit 0 even when a server failed: the report says so.
 *
 * @throws ConfigError when the config cannot be loaded.
 */
export async function mcpCommand(context: CommandContext): Promise<number> {
  const { io, flags, args } = context;
  if (args.length !== 1 || args[0] !== 'list') {
    io.stderr(`clawft: mcp: expected "clawft mcp list" (got "mcp ${args.join(' ')}")\n`);
    return EXIT_USAGE;
  }
  const { config, secrets } = await discoverForCommand(io, flags);
  const servers = await probeMcpServers(config.tools.mcpServers, {
    verbose: flags.verbose,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const text = flags.json ? `${JSON.stringify({ servers }, null, 2)}\n` : renderMcpServers(servers);
  io.stdout(secrets.redact(text));
  return EXIT_OK;
}
