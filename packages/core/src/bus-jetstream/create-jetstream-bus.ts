import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BusError, type NatsBus, REDACTED, redactText } from '@clawft/types';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { resolvePath } from '../shared/resolve-path.js';
import { JetStreamBus } from './jetstream-bus.js';
import { type JetStreamBusOptions, resolveJetStreamSettings } from './jetstream-bus-options.js';
import { unavailableError } from './nats-error.js';
import { setUpStream } from './stream-setup.js';

/**
 * Connects to NATS JetStream and returns the bus on it: the stream and its partition consumers are created (or
 * updated) from `config`, and with `consume: true` this process starts taking deliveries (a worker). The NATS
 * client (`@nats-io/transport-node`, `@nats-io/jetstream`, optional peer dependencies) is loaded here, only when
 * this is called. The client reconnects forever; while it is disconnected publishes fail fast.
 *
 * @throws {BusError} `bus-unavailable` when the server cannot be reached or the client packages are missing.
 * @example
 * const bus = await createJetStreamBus({ config: config.bus, consume: true });
 * const delivery = await bus.receiveInbound({ signal });
 */
export async function createJetStreamBus(options: JetStreamBusOptions = {}): Promise<JetStreamBus> {
  const settings = resolveJetStreamSettings(options);
  const [nats, jetstreamModule] = await loadClient();
  const { nats: config } = settings;
  options.signal?.throwIfAborted();
  let connection: Awaited<ReturnType<typeof nats.connect>>;
  try {
    connection = await nats.connect(await connectOptions(config, nats));
  } catch (error) {
    throw connectError(config, error);
  }
  try {
    options.signal?.throwIfAborted();
    const jsm = await jetstreamModule.jetstreamManager(connection);
    await setUpStream(jsm, settings);
    const js = jetstreamModule.jetstream(connection);
    const bus = new JetStreamBus({
      connection,
      js,
      jsm,
      headers: nats.headers,
      settings,
      processId: randomUUID(),
    });
    if (options.consume === true) bus.startConsuming();
    return bus;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

type NatsModule = typeof import('@nats-io/transport-node');

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

async function loadClient(): Promise<[NatsModule, typeof import('@nats-io/jetstream')]> {
  try {
    return await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
  } catch (error) {
    throw new BusError({
      kind: 'bus-unavailable',
      message:
        'bus.transport "nats" needs the NATS client: install @nats-io/transport-node@3.3.1 and @nats-io/jetstream@3.3.1 beside @clawft/core.',
      cause: error,
    });
  }
}
