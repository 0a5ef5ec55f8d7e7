import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '@clawft/types/internal';
import { hasApiCode, isUnavailable } from '../bus-jetstream/nats-error.js';

/** JetStream's answers to a revision-checked write whose revision is no longer the last one. */
const WRONG_LAST_SEQUENCE_CODES = [10071, 10164];

const BACKOFF = { baseDelayMs: 5, maxDelayMs: 500, jitter: 0.5 };

/** True when a compare-and-set lost to another writer (retry on a fresh read). */
export function isRevisionConflict(error: unknown): boolean {
  return WRONG_LAST_SEQUENCE_CODES.some((code) => hasApiCode(error, code));
}

/**
 * Runs `operation` until it succeeds, retrying (with jittered backoff) while it loses a compare-and-set or the
 * server cannot be reached — through a server restart — for at most `retryForMs`.
 */
export async function retryNats<T>(
  operation: () => Promise<T>,
  retryForMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = performance.now() + retryForMs;
  for (let retry = 1; ; retry += 1) {
    signal?.throwIfAborted();
    try {
      return await operation();
    } catch (error) {
      const again = isRevisionConflict(error) || isUnavailable(error) || isJetStreamStarting(error);
      if (!again || performance.now() >= deadline) throw error;
    }
    await sleep(backoffDelayMs(BACKOFF, Math.min(retry, 10)), undefined, signal ? { signal } : {});
  }
}

/** JetStream unavailable, and "consumer not found" (a restarted server lost an ephemeral reading consumer). */
const TRANSIENT_CODES = [10_008, 10_014];

/** A JetStream that is (re)starting answers 503, not at all, or without its ephemeral consumers for a moment. */
function isJetStreamStarting(error: unknown): boolean {
  if (TRANSIENT_CODES.some((code) => hasApiCode(error, code))) return true;
  return (
    error instanceof Error &&
    (error.name === 'JetStreamStatusError' || error.name === 'ConsumerNotFoundError')
  );
}
