import { EXIT_FAILURE, EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { startGateway } from '../gateway/start-gateway.js';
import { createRuntime } from '../runtime/create-runtime.js';

/** Signals that drain and stop the gateway. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * `clawft serve`: the HTTP gateway on `gateway.host`:`gateway.port` (from config.json; no flags of its own).
 * Prints `clawft gateway listening on <url>` when ready. On SIGTERM or SIGINT it stops accepting, lets running
 * turns finish within `gateway.shutdownMs`, aborts the rest with error replies, closes the agent and exits 0.
 *
 * @throws ConfigError when the config cannot be loaded; GatewayError `insecure-bind` or `listen-failed`.
 */
export async function serveCommand(context: CommandContext): Promise<number> {
  const { io, flags } = context;
  const discovered = await discoverForCommand(io, flags);
  const { config } = discovered;
  const runtime = await createRuntime({ config, ...(io.signal === undefined ? {} : { signal: io.signal }) });
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({ config, loop: runtime.loop });
  } catch (error) {
    await runtime.close({ shutdownMs: 0 });
    throw error;
  }
  io.stdout(`clawft gateway listening on ${gateway.url}\n`);
  const signal = await new Promise<string>((resolve) => {
    const stop = (name: string) => {
      for (const name of STOP_SIGNALS) process.off(name, stop);
      resolve(name);
    };
    for (const name of STOP_SIGNALS) process.once(name, stop);
  });
  io.stderr(`clawft serve: ${signal}: draining (up to ${config.gateway.shutdownMs} ms)\n`);
  try {
    await gateway.close();
    await runtime.close({ shutdownMs: config.gateway.shutdownMs });
  } catch (error) {
    io.stderr(`clawft serve: shutdown failed: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  io.stderr('clawft serve: stopped\n');
  return EXIT_OK;
}
