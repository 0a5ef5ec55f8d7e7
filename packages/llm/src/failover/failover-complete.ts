import { type ChatRequest, type LlmResponse, type ProviderAttempt, ProviderError } from '@clawft/types';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';
import { guardAttempt, reportAttempt } from './attempt-guard.js';
import { abortedError, asProviderError, finalError, reportedModel, targetModel } from './failover-errors.js';
import type { ResolvedFailoverOptions } from './failover-options.js';
import type { PlannedTarget, TargetCursor } from './target-cursor.js';

export interface FailoverCompleteContext {
  id: string;
  options: ResolvedFailoverOptions;
  cursor: TargetCursor;
  request: ChatRequest;
  signal: AbortSignal | undefined;
}

/** `complete()` across targets: the first answer wins; errors move on as the stream's do. */
export async function failoverComplete(context: FailoverCompleteContext): Promise<LlmResponse> {
  const { cursor, request } = context;
  const attempts: ProviderAttempt[] = [];
  let target = cursor.current;
  for (let index = 1; ; index += 1) {
    const result = await completeOnce(context, target, index);
    if (!ProviderError.is(result)) return result;
    attempts.push(result.toAttempt());
    const step = cursor.advance(result);
    if (step.next === undefined) {
      throw finalError(step, result, attempts, { provider: context.id, model: request.model });
    }
    target = step.next;
  }
}

async function completeOnce(
  context: FailoverCompleteContext,
  target: PlannedTarget,
  index: number,
): Promise<LlmResponse | ProviderError> {
  const { options, signal } = context;
  const model = reportedModel(target, context.request.model);
  const origin = { provider: target.provider.id, model };
  if (signal?.aborted === true) return abortedError(origin, signal.reason);
  const startedAt = options.now();
  const report = { index, ...origin, textChars: 0 };
  const guarded = guardAttempt(target, model);
  if (guarded.skipped !== undefined) {
    reportAttempt(options, { ...report, outcome: 'skipped', error: guarded.skipped, durationMs: 0 });
    return guarded.skipped;
  }
  try {
    const asked = { ...context.request, model: targetModel(target, context.request.model) };
    const callOptions: ProviderCallOptions = {
      ...(signal !== undefined && { signal }),
      failover: { probe: guarded.probe, canMoveOn: (error) => context.cursor.canMoveOn(error) },
    };
    const response = await target.provider.complete(asked, callOptions);
    guarded.settle('success');
    const durationMs = options.now() - startedAt;
    const { usage, content } = response;
    reportAttempt(options, { ...report, outcome: 'success', usage, textChars: content.length, durationMs });
    return response;
  } catch (thrown) {
    const error = asProviderError(thrown, signal ?? new AbortController().signal, origin);
    guarded.settle(error);
    reportAttempt(options, { ...report, outcome: 'failure', error, durationMs: options.now() - startedAt });
    return error;
  } finally {
    guarded.settle('neutral');
  }
}
