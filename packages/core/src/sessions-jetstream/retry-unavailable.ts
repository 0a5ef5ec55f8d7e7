import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '@clawft/types/internal';
import { isUnavailable } from '../bus-jetstream/nats-error.js';
import { SessionError } from '../sessions/session-error.js';

/** Waits between attempts while the server cannot be reached: 50 ms doubling to 1 s, half of it jittered. */
const BACKOFF = { baseDelayMs: 50, maxDelayMs: 1000, jitter: 0.5 };

export interface RetryContext {
  /** The session key, for the error. */
  key: string;
  /** What is being done, for the error: "append to session \"k\"". */
  what: string;
  retryTimeoutMs: number;
  /** True once the store is closed: no retry then. */
  isClosed: () => boolean;
  /** Aborts the waits between attempts (and is checked before each). */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it settles with anything but "the server cannot be reached" (a timeout, no responders, a
 * connection lost: `isUnavailable`), waiting with backoff between attempts, for at most `retryTimeoutMs`; then
 * fails with `SessionError` `session-unavailable`.
 */
export async function retryUnavailable<T>(context: RetryContext, attempt: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + context.retryTimeoutMs;
  for (let retry = 1; ; retry += 1) {
    context.signal?.throwIfAborted();
    if (context.isClosed()) throw unavailable(context, 'the session store is closed', undefined);
    try {
      return await attempt();
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      const delayMs = Math.min(backoffDelayMs(BACKOFF, retry), deadline - performance.now());
      if (delayMs <= 0 || context.isClosed()) {
        throw unavailable(context, `the NATS server did not answer for ${context.retryTimeoutMs} ms`, error);
      }
      await sleep(delayMs, undefined, context.signal === undefined ? {} : { signal: context.signal });
    }
  }
}

function unavailable(context: RetryContext, why: string, cause: unknown): SessionError {
  return new SessionError({
    kind: 'session-unavailable',
    key: context.key,
    message: `Cannot ${context.what}: ${why}. Retry later; check that nats-server runs at bus.nats.servers.`,
    cause,
  });
}
