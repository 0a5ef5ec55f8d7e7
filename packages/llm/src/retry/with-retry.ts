import type { ChatRequest, LlmProvider, LlmResponse, RetryPolicy, StreamPart } from '@clawft/types';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';
import { applyPartHandler } from '../stream/apply-part-handler.js';
import { processRetryBudget, type RetryBudgetBucket } from './retry-budget.js';
import { type RetryPolicyInput, resolveRetryPolicy } from './retry-policy.js';
import { type RetryEvent, RetryRun, type RetrySettings } from './retry-run.js';

export type { RetryEvent } from './retry-run.js';

/** Parts that are output: once one was yielded, a stream is not retried. */
const OUTPUT_PARTS: ReadonlySet<StreamPart['type']> = new Set(['text-delta', 'reasoning-delta', 'tool-call']);

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
    async complete(request: ChatRequest, callOptions: ProviderCallOptions = {}): Promise<LlmResponse> {
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
    async *stream(
      request: ChatRequest,
      callOptions: ProviderCallOptions = {},
    ): AsyncGenerator<StreamPart, void, undefined> {
      if (callOptions.onPart !== undefined) {
        // onPart (D7) sees every part of every attempt, `retry` parts included; attempts run without it.
        const { onPart, ...rest } = callOptions;
        yield* applyPartHandler((signal) => wrapped.stream(request, { ...rest, signal }), {
          signal: rest.signal,
          onPart,
        });
        return;
      }
      const run = new RetryRun(settings, callOptions.signal, callOptions.failover);
      for (let attempt = 1; ; attempt += 1) {
        let produced = false;
        const attemptOptions: ProviderCallOptions = { ...callOptions, attempt };
        let parts: AsyncIterator<StreamPart> | undefined;
        try {
          parts = provider.stream(request, attemptOptions)[Symbol.asyncIterator]();
          for (let next = await parts.next(); next.done !== true; next = await parts.next()) {
            const part = next.value;
            yield part.attempt === attempt ? part : { ...part, attempt };
            // Only output ends the retrying: a usage part (servers that report usage on every chunk) is not output.
            if (!OUTPUT_PARTS.has(part.type)) continue;
            produced = true;
            if (part.attempt !== attempt) continue;
            // No retry from here on, and the provider stamps its own attempt: hand the rest over as it is (one
            // hop per part instead of a read and a yield).
            const rest = parts;
            yield* { [Symbol.asyncIterator]: () => rest };
            break;
          }
          run.succeeded();
          return;
        } catch (error) {
          if (produced) throw run.finalFailure(error);
          const retry = run.failed(error, attempt);
          yield retryPart(retry);
          await run.wait(retry);
        } finally {
          // A consumer that stopped early, or a failed attempt: the attempt's stream is closed (a no-op once done).
          await parts?.return?.()?.catch(() => {});
        }
      }
    },
  };
  return wrapped;
}

/** The `retry` part announcing the wait after attempt `retry.attempt`. */
function retryPart(retry: RetryEvent): StreamPart {
  const { attempt, delayMs, error, provider, model } = retry;
  return { type: 'retry', delayMs, error, attempt, provider, model };
}
