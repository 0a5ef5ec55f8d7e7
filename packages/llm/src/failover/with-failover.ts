import {
  type ChatRequest,
  type ChatRequestInput,
  type LlmProvider,
  parseChatRequest,
  type StreamOptions,
  type StreamPart,
} from '@clawft/types';
import { Circuit } from '../circuit-breaker/circuit.js';
import { withParsedRequest } from '../providers/parsed-request.js';
import { applyPartHandler } from '../stream/apply-part-handler.js';
import { flattenBatches } from '../stream/flatten-batches.js';
import { type PartBatch, withBatchStream } from '../stream/part-batches.js';
import { failoverComplete } from './failover-complete.js';
import { type FailoverOptions, type FailoverTarget, resolveFailoverOptions } from './failover-options.js';
import { FailoverStream } from './failover-stream.js';
import { type PlannedTarget, TargetCursor } from './target-cursor.js';

/**
 * Wraps providers (each may be `withRetry`-wrapped) into one that tries them in order. Errors move on by kind (see
 * `FailoverOptions.failoverKinds`); an open circuit skips its target at once. A stream that fails after showing
 * output is answered by `streamMode`: `restart` (default) emits `failover` then `reset {discardedText,
 * discardedToolCalls}` and streams the next target from scratch, `hold` shows nothing of an attempt for
 * `holdMs`/`holdChars`, `continue` asks an assistant-prefill target to continue the shown text, `fail` throws
 * `stream-truncated` with `partialText`. Tool calls are passed on only from the attempt that finished. Every
 * attempt's usage is reported to `onAttempt`, and usage parts pass through with their attempt's origin.
 *
 * @throws ProviderError `all-providers-failed` (with `attempts`) when every target failed; the error itself when
 * its kind does not move on (`invalid-request`, `content-filtered`, `aborted`, …); `stream-truncated` in `fail` mode.
 * @example
 * const { streamMode, holdMs, holdChars, circuitBreaker } = config.failover;
 * const llm = withFailover([withRetry(openai, policy), { provider: withRetry(groq, policy), model: 'llama-3.3-70b' }],
 *   { streamMode, holdMs, holdChars, circuitBreaker, onAttempt: (report) => costs.add(report) });
 * for await (const part of llm.stream(request, { signal, onPart: (part) => console.log(part.type) })) {}
 */
export function withFailover(
  targets: readonly (LlmProvider | FailoverTarget)[],
  options: FailoverOptions = {},
): LlmProvider {
  if (targets.length === 0) throw new TypeError('withFailover needs at least one target, got []');
  const resolved = resolveFailoverOptions(options);
  const circuitOptions = { ...options.circuitBreaker, now: resolved.now };
  const plan = (target: LlmProvider | FailoverTarget): PlannedTarget => {
    const spec = 'provider' in target ? target : { provider: target };
    return {
      provider: spec.provider,
      model: spec.model,
      circuit: spec.circuit ?? new Circuit(circuitOptions),
    };
  };
  const planned = targets.map(plan);
  const contextTarget = options.contextLengthTarget && plan(options.contextLengthTarget);
  const cursor = (request: ChatRequest) =>
    new TargetCursor(planned, contextTarget, resolved.failoverKinds, request.model);
  const id = options.id ?? 'failover';
  const batches = (input: ChatRequestInput, signal: AbortSignal | undefined): AsyncIterable<PartBatch> =>
    withParsedRequest(input, id, (request) =>
      new FailoverStream({
        id,
        options: resolved,
        cursor: cursor(request),
        request,
        // Without a signal of the caller's, each attempt still links its own abort to this one.
        signal: signal ?? new AbortController().signal,
      }).run(),
    );
  const provider: LlmProvider = {
    id,
    capabilities: {
      assistantPrefill: planned.every((target) => target.provider.capabilities.assistantPrefill),
    },
    complete: async (input, callOptions) => {
      const request = parseChatRequest(input, { provider: id });
      return failoverComplete({
        id,
        options: resolved,
        cursor: cursor(request),
        request,
        signal: callOptions?.signal,
      });
    },
    stream: (input: ChatRequestInput, streamOptions: StreamOptions = {}): AsyncIterable<StreamPart> => {
      // Without a handler the extra layer buys nothing: each attempt already links its own abort to the caller's.
      if (streamOptions.onPart === undefined) return flattenBatches(batches(input, streamOptions.signal));
      return applyPartHandler((signal) => flattenBatches(batches(input, signal)), streamOptions);
    },
  };
  return withBatchStream(provider, (input, callOptions) => batches(input, callOptions.signal));
}
