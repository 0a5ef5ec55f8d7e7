import { connectNats } from '../bus-jetstream/connect-nats.js';
import {
  type JetStreamSessionStoreOptions,
  resolveJetStreamSessionSettings,
} from './jetstream-session-options.js';
import { JetStreamSessionStore } from './jetstream-session-store.js';
import { setUpSessionStream } from './session-stream-setup.js';

/**
 * Connects to NATS JetStream (`bus.nats`) and returns the session store on it; the session stream
 * (`bus.nats.sessionStream`) is created or updated first. The NATS client is loaded here, only when this is called.
 * Close the store when done (it owns the connection).
 *
 * @throws {BusError} `bus-unavailable` when the server cannot be reached or the client packages are missing.
 * @example
 * const sessions = await createJetStreamSessionStore({ config: config.bus });
 * const { messages } = await sessions.load('telegram:42');
 */
export async function createJetStreamSessionStore(
  options: JetStreamSessionStoreOptions = {},
): Promise<JetStreamSessionStore> {
  const settings = resolveJetStreamSessionSettings(options);
  const { connection, nats, jetstream } = await connectNats(settings.nats, options.signal);
  try {
    const timeout = settings.requestTimeoutMs;
    const jsm = await jetstream.jetstreamManager(connection, { timeout });
    await setUpSessionStream(jsm, settings);
    options.signal?.throwIfAborted();
    return new JetStreamSessionStore({
      connection,
      js: jetstream.jetstream(connection, { timeout }),
      jsm,
      listJsm: await jetstream.jetstreamManager(connection, {
        // One attempt may use the whole retry window, never more: a server that is down still fails in time.
        timeout: Math.min(settings.listTimeoutMs, settings.retryTimeoutMs),
        checkAPI: false,
      }),
      headers: nats.headers,
      settings,
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
}
