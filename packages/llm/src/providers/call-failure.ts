import { ProviderError, type ProviderPhase, type TimeoutKind } from '@clawft/types';
import type { ErrorContext } from '../errors/error-context.js';
import { mapNetworkError } from '../errors/map-network-error.js';

/** What was going on when a call threw something that is not yet a `ProviderError`. */
export interface FailureState {
  phase: ProviderPhase;
  /** Response headers had arrived. */
  responded: boolean;
  timedOut: TimeoutKind | undefined;
  aborted: boolean;
}

/** Turns whatever a call threw into a `ProviderError` of the right kind and phase. */
export function toCallFailure(error: unknown, state: FailureState, context: ErrorContext): ProviderError {
  if (ProviderError.is(error)) return error;
  const { provider, model } = context;
  const base = { provider, model, phase: state.phase, cause: error };
  if (state.timedOut !== undefined) {
    return new ProviderError({
      ...base,
      kind: 'timeout',
      timeout: state.timedOut,
      message: `${provider} (${model}): the ${state.timedOut} timer fired (${state.phase})`,
    });
  }
  if (state.aborted) {
    return new ProviderError({
      ...base,
      kind: 'aborted',
      message: `${provider} (${model}): the call was aborted`,
    });
  }
  if (!state.responded) return mapNetworkError(error, { ...context, phase: state.phase });
  return new ProviderError({
    ...base,
    kind: 'stream-truncated',
    message: `${provider} (${model}): the connection broke before the stream ended (${state.phase})`,
  });
}
