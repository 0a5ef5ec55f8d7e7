import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type AgentLoop,
  type CreateAgentLoopOptions,
  createAgentLoop,
  createBuiltinTools,
  ToolRegistry,
} from '@clawft/core';
import type { McpServerManager, McpServerStatus } from '@clawft/services';
import { type Config, expandHome } from '@clawft/types';

/** What `createRuntime` builds from config.json; `close()` ends every part of it. */
export interface AgentRuntime {
  config: Config;
  /** Absolute path of `agents.defaults.workspace`. */
  workspace: string;
  loop: AgentLoop;
  /** The built-in tools and every connected MCP server's tools, under one path lock manager. */
  tools: ToolRegistry;
  /** Absent when no MCP server is enabled in `tools.mcpServers`. */
  mcp: McpServerManager | undefined;
  /** How each configured MCP server's start went (empty without servers). */
  mcpServers: readonly McpServerStatus[];
  /** Stops the loop (running turns get `shutdownMs` to finish), then closes the MCP servers. Idempotent. */
  close(options?: { shutdownMs?: number }): Promise<void>;
}

export interface CreateRuntimeOptions {
  config: Config;
  /**
   * The bus the loop consumes and replies on (`clawft worker`: the JetStream bus with `consume: true`). Not closed
   * by `close()`. @default an in-process bus from `config.bus`
   */
  bus?: CreateAgentLoopOptions['bus'];
  /** Passed to `createPipeline` (e.g. a transport for the offline model, a cost file). */
  pipeline?: CreateAgentLoopOptions['pipeline'];
  onProblem?: CreateAgentLoopOptions['onProblem'];
  /** Cancels the MCP servers' start. */
  signal?: AbortSignal;
}

/**
 * The agent as the app runs it, wired from config.json: the built-in tools and the MCP servers' tools in one
 * `ToolRegistry`, the agent loop with its pipeline (providers with retry and failover, cost tracking), sessions and
 * context in the workspace. `@clawft/services` is loaded only when an MCP server is enabled.
 *
 * @example
 * const runtime = await createRuntime({ config });
 * try { await runtime.loop.runTurn(message, { onEvent }); } finally { await runtime.close(); }
 */
export async function createRuntime(options: CreateRuntimeOptions): Promise<AgentRuntime> {
  const { config } = options;
  const workspace = resolve(expandHome(config.agents.defaults.workspace));
  // Tools run in the workspace (exec's cwd): it must exist even when no session file is ever written there
  // (sessions on NATS).
  await mkdir(workspace, { recursive: true, mode: 0o700 });
  const tools = new ToolRegistry({ config: config.tools });
  for (const tool of createBuiltinTools(config.tools, { workspace })) tools.register(tool);
  const { mcp, mcpServers } = await startMcpServers(config, tools, options.signal);
  let loop: AgentLoop;
  try {
    loop = await createAgentLoop({
      config,
      tools,
      ...(options.bus === undefined ? {} : { bus: options.bus }),
      ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }),
      ...(options.onProblem === undefined ? {} : { onProblem: options.onProblem }),
    });
  } catch (error) {
    await mcp?.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (closeOptions: { shutdownMs?: number } = {}): Promise<void> => {
    closing ??= (async () => {
      try {
        await loop.shutdown({ deadlineMs: closeOptions.shutdownMs ?? 5_000 });
      } finally {
        try {
          // The budget store (bus.store "nats") and the JetStream session store may each hold a connection.
          await loop.pipeline.close();
          await loop.sessions.close?.();
        } finally {
          await mcp?.close();
        }
      }
    })();
    return closing;
  };
  return { config, workspace, loop, tools, mcp, mcpServers, close };
}

async function startMcpServers(
  config: Config,
  tools: ToolRegistry,
  signal: AbortSignal | undefined,
): Promise<{ mcp: McpServerManager | undefined; mcpServers: McpServerStatus[] }> {
  const servers = config.tools.mcpServers;
  if (!Object.values(servers).some((server) => server.enabled)) return { mcp: undefined, mcpServers: [] };
  const { McpServerManager } = await import('@clawft/services');
  const mcp = new McpServerManager(servers);
  try {
    const mcpServers = await mcp.start(signal === undefined ? {} : { signal });
    for (const tool of mcp.tools()) tools.register(tool);
    return { mcp, mcpServers };
  } catch (error) {
    await mcp.close();
    throw error;
  }
}
