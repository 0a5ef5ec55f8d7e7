import { randomUUID } from 'node:crypto';
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
  const { connection, nats, jetstream } = await connectNats(settings.nats, options.signal);
  try {
    options.signal?.throwIfAborted();
    const jsm = await jetstream.jetstreamManager(connection);
    await setUpStream(jsm, settings);
    const js = jetstream.jetstream(connection);
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
