import { createBusTransport } from '@clawft/core';
import { type Config, ConfigError, redactUrl } from '@clawft/types';
import { EXIT_FAILURE, EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { watchBusConnection } from '../worker/watch-bus-connection.js';
import { waitForStopSignal } from './stop-signal.js';

/**
 * `clawft worker`: agent loops consuming the shared inbound stream on NATS JetStream (`bus.transport: nats`), with
 * the providers, tools and MCP servers of config.json; replies go back to the gateway holding each client. Prints
 * one line once consuming. A lost NATS server is reported on stderr once per outage while the client reconnects. On
 * SIGTERM or SIGINT it stops taking messages, lets running turns finish within `bus.nats.drainMs` (the rest are
 * handed back to the stream for another worker), closes the bus and the MCP servers, and exits 0.
 *
 * @throws ConfigError `config-invalid` when `bus.transport` is not `nats`; BusError `bus-unavailable` when the NATS
 *   server cannot be reached at start.
 */
export async function workerCommand(context: CommandContext): Promise<number> {
  const { io, flags } = context;
  const { config } = await discoverForCommand(io, flags);
  if (config.bus.transport !== 'nats') throw notOnNats(config);
  const signal = io.signal;
  const bus = await createBusTransport({ config: config.bus, consume: true, signal });
  let runtime: Awaited<ReturnType<typeof createRuntime>>;
  try {
    runtime = await createRuntime({ config, bus, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    await bus.close();
    throw error;
  }
  const consuming = runtime.loop.start().then(
    () => ({ failure: 'the bus closed' }),
    (error: unknown) => ({ failure: error instanceof Error ? error.message : String(error) }),
  );
  const { nats } = config.bus;
  io.stdout(
    `clawft worker consuming stream ${nats.stream} on ${nats.servers.map(redactUrl).join(', ')} (${nats.partitions} partitions)\n`,
  );
  const watching = new AbortController();
  const watch = watchBusConnection(bus, io.stderr, watching.signal);
  const stopped = await Promise.race([
    waitForStopSignal(watching.signal).then((name) => ({ name })),
    consuming,
  ]);
  if ('failure' in stopped) io.stderr(`clawft worker: consuming stopped: ${stopped.failure}\n`);
  else io.stderr(`clawft worker: ${stopped.name}: draining (up to ${nats.drainMs} ms)\n`);
  watching.abort();
  try {
    await runtime.close({ shutdownMs: nats.drainMs });
    await bus.close();
    await watch;
  } catch (error) {
    io.stderr(`clawft worker: shutdown failed: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  io.stderr('clawft worker: stopped\n');
  return 'failure' in stopped ? EXIT_FAILURE : EXIT_OK;
}

function notOnNats(config: Config): ConfigError {
  const received = JSON.stringify(config.bus.transport);
  const message = `clawft worker takes its messages from a NATS JetStream stream shared with the gateways, and bus.transport is ${received}. Set "bus": { "transport": "nats", "store": "nats", "nats": { "servers": ["nats://<host>:4222"] } } in config.json (docs/guides/scale-out.md), or run the agent in one process with clawft serve.`;
  return new ConfigError({
    kind: 'config-invalid',
    message,
    issues: [{ path: 'bus.transport', received, expected: '"nats"', message }],
  });
}
