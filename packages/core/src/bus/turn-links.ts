import type { TurnEvent } from '@clawft/types';
import { LruMap } from '../shared/lru-map.js';
import type { TurnEventListener } from './bus-transport.js';
import { addListener } from './listener-map.js';

/** Cancellations remembered for messages not yet taken (a client that left before its turn started). */
const EARLY_CANCELS = 10_000;

/**
 * What links a publisher to the consumer of its message inside one process: turn-event listeners by message id,
 * and the abort controllers of the deliveries handed out, so `cancelInbound` reaches the running turn (or the
 * turn not yet started: its signal is aborted when it is taken).
 */
export class TurnLinks {
  readonly #listeners = new Map<string, Set<TurnEventListener>>();
  readonly #running = new Map<string, AbortController>();
  readonly #earlyCancels = new LruMap<string, true>(EARLY_CANCELS);

  /** Adds `listener` for the events of `messageId`; returns the function that removes it. */
  subscribe(messageId: string, listener: TurnEventListener): () => void {
    return addListener(this.#listeners, messageId, listener);
  }

  /** Hands `event` to every listener of `messageId` in turn, awaiting each; failures are swallowed. */
  async emit(messageId: string, event: TurnEvent): Promise<void> {
    const listeners = this.#listeners.get(messageId);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) {
      try {
        await listener(event);
      } catch {
        // A listener must not change the course of the turn.
      }
    }
  }

  /** The signal of a delivery of `messageId` being handed out; aborted at once when it was cancelled already. */
  take(messageId: string): AbortSignal {
    const controller = new AbortController();
    this.#running.set(messageId, controller);
    if (this.#earlyCancels.get(messageId) !== undefined) {
      this.#earlyCancels.delete(messageId);
      controller.abort();
    }
    return controller.signal;
  }

  /** The delivery of `messageId` is settled: a later cancel has nothing to abort. */
  settle(messageId: string): void {
    this.#running.delete(messageId);
  }

  /** Aborts the running delivery of `messageId`, or remembers the cancel for when it is taken. */
  cancel(messageId: string): void {
    const controller = this.#running.get(messageId);
    if (controller === undefined) this.#earlyCancels.set(messageId, true);
    else controller.abort();
  }
}
