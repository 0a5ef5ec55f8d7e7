import { type ProviderAttempt, ProviderError } from '@clawft/types';
import { providerModel } from '../providers/model-id.js';
import type { FailoverStep, PlannedTarget } from './target-cursor.js';

/** The model a target is asked for (sent as is: `openai/gpt-4o` stays whole in the request). */
export function targetModel(target: PlannedTarget, requestModel: string): string {
  return target.model ?? requestModel;
}

/**
 * The model a target's attempt is reported under (parts, errors, `onAttempt`): the asked-for model without the
 * target's `provider/` slot, the same form the HTTP providers stamp on their own parts.
 */
export function reportedModel(target: PlannedTarget, requestModel: string): string {
  return providerModel(target.provider.id, targetModel(target, requestModel));
}

/**
 * The error a failed attempt counts as. A `ProviderError` is kept (as `aborted` once the caller's signal fired);
 * anything else is a bug in the target and is rethrown untouched, unless the caller aborted.
 */
export function asProviderError(
  thrown: unknown,
  signal: AbortSignal,
  origin: { provider: string; model: string },
): ProviderError {
  if (signal.aborted && !(ProviderError.is(thrown) && thrown.kind === 'aborted')) {
    return abortedError(origin, thrown);
  }
  if (ProviderError.is(thrown)) return thrown;
  throw thrown;
}

export function abortedError(origin: { provider: string; model: string }, cause?: unknown): ProviderError {
  return new ProviderError({
    kind: 'aborted',
    message: `the call to ${origin.provider}/${origin.model} was aborted by the caller`,
    phase: 'before-headers',
    ...origin,
    cause,
  });
}

export function circuitOpenError(
  origin: { provider: string; model: string },
  retryInMs: number,
): ProviderError {
  return new ProviderError({
    kind: 'circuit-open',
    message: `${origin.provider}/${origin.model} is skipped: its circuit is open after repeated failures (next probe in ${Math.ceil(retryInMs)} ms)`,
    phase: 'before-headers',
    retryAfterMs: Math.max(0, Math.ceil(retryInMs)),
    ...origin,
  });
}

/** `fail` mode: the stream broke after output was shown. */
export function truncatedError(error: ProviderError, partialText: string): ProviderError {
  return new ProviderError({
    kind: 'stream-truncated',
    message: `${error.provider}/${error.model} failed mid-stream (${error.kind}) after ${partialText.length} characters; failover.streamMode is "fail", so the partial text is attached instead of trying another target`,
    provider: error.provider,
    model: error.model,
    phase: 'mid-stream',
    partialText,
    cause: error,
  });
}

/** The error a failover call ends with: the last one itself when it does not move on, else all-providers-failed. */
export function finalError(
  step: Extract<FailoverStep, { next: undefined }>,
  last: ProviderError,
  attempts: readonly ProviderAttempt[],
  origin: { provider: string; model: string },
): ProviderError {
  if (step.reason === 'not-eligible') return last;
  const list = attempts.map(describeAttempt).join('; ');
  return new ProviderError({
    kind: 'all-providers-failed',
    message: `all ${attempts.length} failover attempts failed (${list}); see error.attempts, check the providers' status or add targets`,
    phase: last.phase,
    attempts,
    cause: last,
    ...origin,
  });
}

/** How long a quoted attempt message may be in the final error, in characters. */
const QUOTED_CHARS = 160;

/** One attempt in the final error: who, the kind (and status), and what it said. */
function describeAttempt(attempt: ProviderAttempt): string {
  const status = attempt.status === undefined ? '' : ` ${attempt.status}`;
  const said =
    attempt.message.length > QUOTED_CHARS ? `${attempt.message.slice(0, QUOTED_CHARS)}…` : attempt.message;
  return `${attempt.provider}/${attempt.model}: ${attempt.kind}${status} (${said})`;
}

/** A stream that ended without its `finish` part: never a success. */
export function missingFinishError(
  origin: { provider: string; model: string },
  hadOutput: boolean,
): ProviderError {
  return new ProviderError({
    kind: 'stream-truncated',
    message: `the stream from ${origin.provider}/${origin.model} ended without a finish part`,
    phase: hadOutput ? 'mid-stream' : 'before-first-token',
    ...origin,
  });
}
