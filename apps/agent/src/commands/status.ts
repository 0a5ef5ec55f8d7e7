import type { CliIo } from '../cli/cli-io.js';
import { EXIT_OK } from '../cli/cli-io.js';
import type { CliFlags, CommandOptionValues } from '../cli/parse-cli-args.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { workspaceOf } from '../config/workspace-of.js';
import { probeMcpServers } from '../mcp/probe-mcp-servers.js';
import { buildStatus } from '../status/build-status.js';
import { renderStatus } from '../status/render-status.js';
import { spendStatus } from '../status/spend-status.js';

export interface StatusCommandOptions {
  io: CliIo;
  flags: CliFlags;
  version: string;
  /** `mcp: true` (`--mcp`) starts the MCP servers to list their tools. */
  options?: CommandOptionValues;
}

/**
 * `clawft status`: which config is in use, its warnings, agent defaults, providers (whether a key is set, never
 * the key), retry/failover/timeouts, bus, MCP servers, routing and spend against the budgets (from the cost
 * file); `--mcp` also starts the MCP servers and lists their tools (closing them before it returns). `--json` prints the same report as JSON.
 *
 * @throws ConfigError when the config cannot be loaded (the caller prints it and exits 1).
 */
export async function statusCommand(options: StatusCommandOptions): Promise<number> {
  const { io, flags } = options;
  const discovered = await discoverForCommand(io, flags);
  const report = buildStatus({
    version: options.version,
    source: discovered.source,
    config: discovered.config,
    warnings: discovered.warnings,
    env: io.env,
  });
  report.spend = await spendStatus(discovered.config, workspaceOf(discovered.config, io.cwd), io.signal);
  if (options.options?.mcp === true) {
    report.mcpProbe = await probeMcpServers(discovered.config.tools.mcpServers, {
      verbose: flags.verbose,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  }
  const text = flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report);
  // The report is redacted field by field; the config's registry catches a secret copied somewhere unexpected.
  io.stdout(discovered.secrets.redact(text));
  return EXIT_OK;
}
