import type { Config } from '@clawft/types';
import { EXIT_FAILURE, EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { workspaceOf } from '../config/workspace-of.js';
import { connectBusBackend } from '../gateway/bus-backend.js';
import { loopBackend } from '../gateway/loop-backend.js';
import { startGateway } from '../gateway/start-gateway.js';
import type { GatewayBackend } from '../gateway/turn-runner.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { waitForStopSignal } from './stop-signal.js';

/**
 * `clawft serve`: the HTTP gateway on `gateway.host`:`gateway.port` (from config.json; no flags of its own).
 * Prints `clawft gateway listening on <url>` when ready. With `bus.transport: memory` (default) the turns run on an
 * agent loop in this process; with `nats` they run on `clawft worker`s over the JetStream stream, and this process
 * starts no provider, tool or MCP server. On SIGTERM or SIGINT it stops accepting, lets running turns finish within
 * `gateway.shutdownMs`, aborts the rest with error replies, closes the agent (or the bus) and exits 0.
 *
 * @throws ConfigError when the config cannot be loaded; GatewayError `insecure-bind` or `listen-failed`; BusError
 *   `bus-unavailable` when `nats` is configured and the server cannot be reached.
 */
export async function serveCommand(context: CommandContext): Promise<number> {
  const { io, flags } = context;
  const discovered = await discoverForCommand(io, flags);
  const { config } = discovered;
  const signal = io.signal;
  const backend = await openBackend(config, io.cwd, signal);
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({ config, backend: backend.backend });
  } catch (error) {
    await backend.close(0);
    throw error;
  }
  io.stdout(`clawft gateway listening on ${gateway.url}\n`);
  const stop = await waitForStopSignal();
  io.stderr(`clawft serve: ${stop}: draining (up to ${config.gateway.shutdownMs} ms)\n`);
  try {
    await gateway.close();
    await backend.close(config.gateway.shutdownMs);
  } catch (error) {
    io.stderr(`clawft serve: shutdown failed: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  io.stderr('clawft serve: stopped\n');
  return EXIT_OK;
}

/** The turns' runner: the agent in this process, or the workers over NATS. `close(shutdownMs)` ends it. */
async function openBackend(
  config: Config,
  cwd: string,
  signal: AbortSignal | undefined,
): Promise<{ backend: GatewayBackend; close(shutdownMs: number): Promise<void> }> {
  if (config.bus.transport === 'nats') {
    const remote = await connectBusBackend(config, { workspace: workspaceOf(config, cwd), signal });
    return { backend: remote.backend, close: () => remote.close() };
  }
  const runtime = await createRuntime({ config, ...(signal === undefined ? {} : { signal }) });
  return {
    backend: loopBackend(runtime.loop),
    close: (shutdownMs) => runtime.close({ shutdownMs }),
  };
}
