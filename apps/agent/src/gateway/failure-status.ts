import type { TurnOutcome } from '@clawft/types';

/** The HTTP answer for a turn that did not produce an answer. */
export interface FailureStatus {
  status: 402 | 429 | 502 | 503;
  /** The limit or failure: `budget-exceeded`, `rate-limited`, `aborted`, or the error kind behind the failure. */
  code: string;
  message: string;
  retryAfterMs: number | undefined;
}

/**
 * Maps a turn's outcome to an HTTP error when it was refused or failed before answering: a sender's budget →
 * 402, its rate limit → 429, a message the bus dropped after accepting it (`drop-oldest` on NATS) → 429, an abort
 * (shutdown) → 503, providers that all failed → 502. A turn that ended at the
 * iteration limit or with a tool crash still answered (200, the reply says what happened): undefined.
 *
 * @example
 * const failure = failureStatus(result.outcome);
 * if (failure !== undefined) reply.code(failure.status);
 */
export function failureStatus(outcome: TurnOutcome): FailureStatus | undefined {
  if (outcome.success || outcome.end === 'iteration-limit' || outcome.end === 'tool-crash') return undefined;
  const error = outcome.error;
  const retryAfterMs = error?.retryAfterMs;
  const message = error?.message ?? outcome.content;
  if (error?.name === 'RoutingError' && error.kind === 'budget-exceeded')
    return { status: 402, code: 'budget-exceeded', message, retryAfterMs };
  if (error?.name === 'RoutingError' && error.kind === 'rate-limited')
    return { status: 429, code: 'rate-limited', message, retryAfterMs: retryAfterMs ?? 1_000 };
  if (error?.name === 'BusError' && error.kind === 'bus-full')
    return { status: 429, code: 'bus-full', message, retryAfterMs: retryAfterMs ?? 1_000 };
  if (outcome.end === 'aborted')
    return { status: 503, code: 'aborted', message: outcome.content, retryAfterMs: 1_000 };
  return { status: 502, code: error?.kind ?? 'upstream-failed', message: outcome.content, retryAfterMs };
}
