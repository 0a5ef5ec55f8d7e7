import { randomUUID } from 'node:crypto';
import { BusError } from '@clawft/types';
import { connectNats } from './connect-nats.js';
import { JetStreamBus } from './jetstream-bus.js';
import { type JetStreamBusOptions, resolveJetStreamSettings } from './jetstream-bus-options.js';
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
  const jetstreamModule = await loadJetStream();
  const { connection, nats } = await connectNats(settings.nats, options.signal);
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

async function loadJetStream(): Promise<typeof import('@nats-io/jetstream')> {
  try {
    return await import('@nats-io/jetstream');
  } catch (error) {
    throw new BusError({
      kind: 'bus-unavailable',
      message:
        'bus.transport "nats" needs the NATS client: install @nats-io/transport-node@3.3.1 and @nats-io/jetstream@3.3.1 beside @clawft/core.',
      cause: error,
    });
  }
}
