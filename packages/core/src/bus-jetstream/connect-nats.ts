import { readFile } from 'node:fs/promises';
import { BusError, type NatsBus, REDACTED, redactText } from '@clawft/types';
import type { NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import { resolvePath } from '../shared/resolve-path.js';
import { unavailableError } from './nats-error.js';

type NatsModule = typeof import('@nats-io/transport-node');
type JetStreamModule = typeof import('@nats-io/jetstream');

/** A connection to the servers of `bus.nats`, with the client modules it was made with. */
export interface NatsClient {
  connection: NatsConnection;
  nats: NatsModule;
  jetstream: JetStreamModule;
}

/**
 * Loads the NATS client (`@nats-io/transport-node`, `@nats-io/jetstream`, optional peer dependencies) with
 * `import()` and connects to `config.servers` with its credentials. The client reconnects forever (250 ms waits).
 * Every part of clawft on NATS (the bus, the session store) connects with this.
 *
 * @throws {BusError} `bus-unavailable` when the server cannot be reached, refuses the credentials, or the client
 *   packages are missing.
 */
export async function connectNats(config: NatsBus, signal?: AbortSignal): Promise<NatsClient> {
  const [nats, jetstream] = await loadClient();
  signal?.throwIfAborted();
  let connection: NatsConnection;
  try {
    connection = await nats.connect(await connectOptions(config, nats));
  } catch (error) {
    throw connectError(config, error);
  }
  if (signal?.aborted) {
    await connection.close();
    signal.throwIfAborted();
  }
  return { connection, nats, jetstream };
}

async function connectOptions(config: NatsBus, nats: NatsModule): Promise<NodeConnectionOptions> {
  return {
    servers: config.servers,
    name: 'clawft',
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5000,
    ...(config.token === undefined ? {} : { token: config.token }),
    ...(config.user === undefined ? {} : { user: config.user, pass: config.password ?? '' }),
    ...(config.credsFile === undefined
      ? {}
      : { authenticator: nats.credsAuthenticator(await readFile(resolvePath(config.credsFile))) }),
  };
}

/** The kinded error for a failed connect; server URLs may carry user:password, so secrets never reach it. */
function connectError(config: NatsBus, error: unknown): BusError {
  const servers = config.servers.map((url) => url.replace(/\/\/[^@/]*@/, `//${REDACTED}@`)).join(', ');
  if (error instanceof Error && error.name === 'AuthorizationError') {
    return new BusError({
      kind: 'bus-unavailable',
      message: `The NATS server at ${servers} refused the credentials: check bus.nats.token, bus.nats.user and bus.nats.password, or bus.nats.credsFile.`,
      cause: error,
    });
  }
  return unavailableError(redactText(`connect to ${servers}`, [config.token, config.password]), 1000, error);
}

async function loadClient(): Promise<[NatsModule, JetStreamModule]> {
  try {
    return await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
  } catch (error) {
    throw new BusError({
      kind: 'bus-unavailable',
      message:
        'NATS (bus.transport or bus.store "nats") needs the NATS client: install @nats-io/transport-node@3.3.1, @nats-io/jetstream@3.3.1 and @nats-io/kv@3.3.1 beside @clawft/core.',
      cause: error,
    });
  }
}
