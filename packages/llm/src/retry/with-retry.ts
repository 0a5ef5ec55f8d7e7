import type { ChatRequestInput, LlmProvider, LlmResponse, RetryPolicy, StreamPart } from '@clawft/types';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';
import { applyPartHandler } from '../stream/apply-part-handler.js';
import { flattenBatches } from '../stream/flatten-batches.js';
import { withBatchStream } from '../stream/part-batches.js';
import { retryBatches } from './retry-batches.js';
import { processRetryBudget, type RetryBudgetBucket } from './retry-budget.js';
import { type RetryPolicyInput, resolveRetryPolicy } from './retry-policy.js';
import { type RetryEvent, RetryRun, type RetrySettings } from './retry-run.js';

export type { RetryEvent } from './retry-run.js';

export interface WithRetryOptions {
  /** Called before each wait (for logs and metrics). */
  onRetry?: (event: RetryEvent) => void;
  /**
   * The token bucket retries spend from; `false` for none. @default the process-wide budget, whose settings only
   * `processRetryBudget(settings)` changes (never a policy's `budget` section: every resolved policy has one)
   */
  budget?: RetryBudgetBucket | false;
  /** Deadline for the whole call, all attempts and waits included, in ms. @default no deadline */
  deadlineMs?: number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

function resolveSettings(policy: RetryPolicy | RetryPolicyInput, options: WithRetryOptions): RetrySettings {
  const resolved = resolveRetryPolicy(policy);
  return {
    policy: resolved,
    budget: options.budget === false ? undefined : (options.budget ?? processRetryBudget()),
    random: options.random ?? Math.random,
    deadlineMs: options.deadlineMs,
    onRetry: options.onRetry,
  };
}

/**
 * The single retry layer. Retries errors whose kind and status the policy allows, after exponential backoff with
 * jitter and at least any Retry-After; a stream only before its first output part (text, reasoning, tool call).
 * Each retry is a `retry` part (and an `onRetry` call). The final error lists every failed attempt in `attempts`.
 * Aborting `signal` cancels the request, the wait or the read at once; no attempt follows.
 *
 * @throws ZodError when `policy` is invalid.
 * @example
 * const provider = withRetry(createProvider('openai'), config.retry, { onRetry: (event) => log.warn(event) });
 */
export function withRetry(
  provider: LlmProvider,
  policy: RetryPolicy | RetryPolicyInput = {},
  options: WithRetryOptions = {},
): LlmProvider {
  const settings = resolveSettings(policy, options);
  const wrapped: LlmProvider = {
    id: provider.id,
    capabilities: provider.capabilities,
    async complete(request: ChatRequestInput, callOptions: ProviderCallOptions = {}): Promise<LlmResponse> {
      const run = new RetryRun(settings, callOptions.signal, callOptions.failover);
      for (let attempt = 1; ; attempt += 1) {
        try {
          const attemptOptions: ProviderCallOptions = { ...callOptions, attempt };
          const response = await provider.complete(request, attemptOptions);
          run.succeeded();
          return response;
        } catch (error) {
          await run.wait(run.failed(error, attempt));
        }
      }
    },
    stream(request: ChatRequestInput, callOptions: ProviderCallOptions = {}): AsyncIterable<StreamPart> {
      const { onPart, ...rest } = callOptions;
      if (onPart === undefined) return flattenBatches(retryBatches(provider, settings, request, rest));
      // onPart (D7) sees every part of every attempt, `retry` parts included; attempts run without it.
      const parts = (signal: AbortSignal) =>
        flattenBatches(retryBatches(provider, settings, request, { ...rest, signal }));
      return applyPartHandler(parts, { signal: rest.signal, onPart });
    },
  };
  return withBatchStream(wrapped, (request, callOptions) =>
    retryBatches(provider, settings, request, callOptions),
  );
}
