import type { McpServer } from '@clawft/types';

/** One configured MCP server after a probe: its state and, when connected, its tools. */
export interface McpServerProbe {
  server: string;
  state: 'connected' | 'failed' | 'disabled';
  protocolVersion?: string;
  /** The failure's kind and message (secrets redacted), for `failed`. */
  error?: { kind: string; message: string };
  tools: { name: string; description: string }[];
}

/**
 * Starts every server of `tools.mcpServers`, reads each connected one's tools, then closes them all (child
 * processes ended, HTTP sessions deleted) whatever happened. `@clawft/services` is loaded only when there are
 * servers. `verbose` sends the servers' logs to stderr.
 *
 * @example
 * for (const report of await probeMcpServers(config.tools.mcpServers)) console.log(report.server, report.state);
 */
export async function probeMcpServers(
  servers: Readonly<Record<string, McpServer>>,
  options: { verbose?: boolean; signal?: AbortSignal } = {},
): Promise<McpServerProbe[]> {
  if (Object.keys(servers).length === 0) return [];
  const { McpServerManager, consoleLogger, silentLogger } = await import('@clawft/services');
  const manager = new McpServerManager(servers, {
    logger: options.verbose === true ? consoleLogger : silentLogger,
  });
  try {
    const statuses = await manager.start(options.signal === undefined ? {} : { signal: options.signal });
    return statuses.map((status): McpServerProbe => {
      switch (status.state) {
        case 'connected': {
          const tools = (manager.clients.get(status.server)?.tools ?? []).map((tool) => ({
            name: tool.name,
            description: tool.description ?? '',
          }));
          return {
            server: status.server,
            state: 'connected',
            protocolVersion: status.protocolVersion,
            tools,
          };
        }
        case 'failed':
          return {
            server: status.server,
            state: 'failed',
            error: { kind: status.error.kind, message: status.error.message },
            tools: [],
          };
        case 'disabled':
          return { server: status.server, state: 'disabled', tools: [] };
        default: {
          const never: never = status;
          throw new TypeError(`unexpected MCP server status ${JSON.stringify(never)}`);
        }
      }
    });
  } finally {
    await manager.close();
  }
}
