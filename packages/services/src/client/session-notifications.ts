import type { McpSession } from '../protocol/mcp-session.js';

/** Receives the params of one notification. */
export type NotificationListener = (params: Record<string, unknown> | undefined) => void;

/**
 * The notification handlers a client's user registered, kept across restarts: each is put on the current
 * session when added and on every later session when it starts; removing one silences it on all of them.
 */
export class SessionNotifications {
  readonly #entries = new Set<{ method: string; handler: NotificationListener }>();

  /** Registers `handler`, also on `current` when there is a session; returns a function that removes it. */
  add(method: string, handler: NotificationListener, current: McpSession | undefined): () => void {
    const entry = { method, handler };
    this.#entries.add(entry);
    if (current !== undefined) this.#attachOne(current, entry);
    return () => this.#entries.delete(entry);
  }

  /** Puts every registered handler on a new session. */
  attach(session: McpSession): void {
    for (const entry of this.#entries) this.#attachOne(session, entry);
  }

  #attachOne(session: McpSession, entry: { method: string; handler: NotificationListener }): void {
    session.onNotification(entry.method, (params) => {
      if (this.#entries.has(entry)) entry.handler(params);
    });
  }
}
