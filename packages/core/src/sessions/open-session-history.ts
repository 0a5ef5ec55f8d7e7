import type { Config } from '@clawft/types';
import { createJetStreamSessionStore } from '../sessions-jetstream/create-jetstream-session-store.js';
import type { SessionHistory } from './session-history.js';
import { SessionStore } from './session-store.js';

/**
 * The session store `bus.store` names: with `"nats"` a `JetStreamSessionStore` on `bus.nats` (shared by every worker
 * and gateway; close it with `close()`), otherwise the JSONL `SessionStore` in `agents.defaults.workspace`.
 *
 * @throws {BusError} `bus-unavailable` when the store is `nats` and the server cannot be reached.
 * @example
 * const sessions = await openSessionHistory(config);
 * const { messages } = await sessions.load('http:42');
 * await sessions.close?.();
 */
export async function openSessionHistory(
  config: Config,
  options: {
    /** The workspace of the file store, when the caller resolved it (e.g. against its own cwd). */
    workspace?: string | undefined;
    signal?: AbortSignal | undefined;
  } = {},
): Promise<SessionHistory> {
  if (config.bus.store === 'nats')
    return createJetStreamSessionStore({ config: config.bus, signal: options.signal });
  return new SessionStore({ workspace: options.workspace ?? config.agents.defaults.workspace });
}
