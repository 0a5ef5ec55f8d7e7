import { type BusTransport, BusTurnClient, createBusTransport, openSessionHistory } from '@clawft/core';
import type { Config } from '@clawft/types';
import { withReplyRecovery } from './reply-recovery.js';
import type { GatewayBackend } from './turn-runner.js';

/** A gateway backend on a bus it connected; `close()` closes the bus. */
export interface BusBackend {
  backend: GatewayBackend;
  bus: BusTransport;
  /** Closes the bus connection (after the gateway drained). Idempotent. */
  close(): Promise<void>;
}

/**
 * The gateway's backend when `clawft worker`s run the turns (bus `nats`): connects the JetStream bus without
 * consuming, runs every turn through a `BusTurnClient` (publish with a message id, forward the worker's events, the
 * reply; cancel on abort; a reply lost with the server is taken from the session by `withReplyRecovery`), and reads
 * the sessions the workers write in the store `bus.store` names (`openSessionHistory`: JetStream for `nats`, shared
 * by every machine). No provider, tool or MCP server is started here.
 *
 * @throws {BusError} `bus-unavailable` when the NATS server cannot be reached (or its client is not installed).
 * @example
 * const { backend, close } = await connectBusBackend(config, { signal });
 * const gateway = await startGateway({ config, backend });
 */
export async function connectBusBackend(
  config: Config,
  options: { workspace: string; signal?: AbortSignal | undefined },
): Promise<BusBackend> {
  const bus = await createBusTransport({ config: config.bus, consume: false, signal: options.signal });
  let sessions: Awaited<ReturnType<typeof openSessionHistory>>;
  try {
    sessions = await openSessionHistory(config, { workspace: options.workspace, signal: options.signal });
  } catch (error) {
    await bus.close();
    throw error;
  }
  const backend: GatewayBackend = {
    turns: withReplyRecovery(new BusTurnClient(bus), sessions),
    sessions,
    bus,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await sessions.close?.();
      } finally {
        await bus.close();
      }
    })();
    return closing;
  };
  return { backend, bus, close };
}
