import type { TurnEvent } from '@clawft/types';
import { addListener } from '../bus/listener-map.js';

/**
 * Receives the events of a turn, in order; each call is awaited before the turn goes on (backpressure), so a slow
 * watcher slows the turns it watches and no other. A throwing watcher is ignored, never fails the turn.
 */
export type TurnEventHandler = (event: TurnEvent) => void | Promise<void>;

/** Which turns to watch: every turn of a session, or the turn of one message (`metadata.messageId`). */
export type WatchTarget = { sessionKey: string } | { messageId: string };

/** The watchers registered on an agent loop, by session key and by message id. */
export class TurnWatchers {
  readonly #bySession = new Map<string, Set<TurnEventHandler>>();
  readonly #byMessage = new Map<string, Set<TurnEventHandler>>();

  /** Adds `handler` for `target`; returns the function that removes it. */
  add(target: WatchTarget, handler: TurnEventHandler): () => void {
    return 'sessionKey' in target
      ? addListener(this.#bySession, target.sessionKey, handler)
      : addListener(this.#byMessage, target.messageId, handler);
  }

  /** The watchers of a turn as they are when it starts. */
  snapshot(sessionKey: string, messageId: string | undefined): TurnEventHandler[] {
    const handlers = [...(this.#bySession.get(sessionKey) ?? [])];
    if (messageId !== undefined) handlers.push(...(this.#byMessage.get(messageId) ?? []));
    return handlers;
  }
}

/** Hands each event to every handler in turn, awaiting each; exceptions are swallowed. */
export async function deliverEvent(handlers: readonly TurnEventHandler[], event: TurnEvent): Promise<void> {
  for (const handler of handlers) {
    try {
      await handler(event);
    } catch {
      // A watcher must not change the course of the turn.
    }
  }
}
