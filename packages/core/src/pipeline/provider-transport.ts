import {
  Circuit,
  type CreateProviderOptions,
  createProvider,
  processRetryBudget,
  resolveRetryPolicy,
  type WithRetryOptions,
  withFailover,
  withRetry,
} from '@clawft/llm';
import type { Config, LlmProvider, RoutingDecision } from '@clawft/types';
import { providerOf } from '../routing/decide.js';
import type { TargetReport } from './attempt-recorder.js';
import type { LlmTransport, TransportCall } from './llm-transport.js';

export interface ProviderTransportOptions {
  /** The whole config: `providers`, `retry`, `timeouts` and `failover` are read. */
  config: Pick<Config, 'providers' | 'retry' | 'timeouts' | 'failover'>;
  /** Passed to `createProvider` (env for API keys, a dispatcher for tests). `timeouts` defaults to config's. */
  providerOptions?: CreateProviderOptions;
  /** Passed to every `withRetry` (e.g. `onRetry` for logs, a private retry budget). */
  retryOptions?: WithRetryOptions;
  /** Builds the bare provider of a slot. @default createProvider(slot, config.providers[slot], providerOptions) */
  createProvider?: (slot: string) => LlmProvider;
}

/**
 * The transport built from config.json: every provider slot, in static and tiered mode alike, is
 * `createProvider` + `withRetry` with config `retry` merged with the slot's own `providers.<slot>.retry`. When
 * `failover` is enabled and has targets, calls go through `withFailover` over the routed model and then
 * `failover.targets` in order, with one circuit breaker per model shared by all calls.
 *
 * @example
 * const transport = createProviderTransport({ config });
 */
export function createProviderTransport(options: ProviderTransportOptions): LlmTransport {
  const { config } = options;
  // The one place config.json's `retry.budget` reaches the process-wide budget (withRetry never changes it).
  if (options.retryOptions?.budget === undefined) processRetryBudget(config.retry.budget);
  const retried = new Map<string, LlmProvider>();
  const circuits = new Map<string, Circuit>();
  const build =
    options.createProvider ??
    ((slot: string) =>
      createProvider(slot, config.providers[slot] ?? {}, {
        timeouts: config.timeouts,
        ...options.providerOptions,
      }));

  const providerFor = (slot: string): LlmProvider => {
    let provider = retried.get(slot);
    if (provider === undefined) {
      const policy = resolveRetryPolicy(config.retry, config.providers[slot]?.retry);
      provider = withRetry(build(slot), policy, options.retryOptions);
      retried.set(slot, provider);
    }
    return provider;
  };
  const circuitFor = (model: string): Circuit => {
    let circuit = circuits.get(model);
    if (circuit === undefined) {
      circuit = new Circuit(config.failover.circuitBreaker);
      circuits.set(model, circuit);
    }
    return circuit;
  };
  const target = (model: string) => ({
    provider: providerFor(providerOf(model)),
    model,
    circuit: circuitFor(model),
  });

  return {
    callFor(
      decision: RoutingDecision,
      hooks: { onTargetAttempt(report: TargetReport): void },
    ): TransportCall {
      const { failover } = config;
      const models = [decision.model, ...failover.targets.filter((model) => model !== decision.model)];
      if (!failover.enabled || models.length === 1) {
        return {
          provider: providerFor(decision.provider),
          model: decision.model,
          providerId: decision.provider,
        };
      }
      const provider = withFailover(models.map(target), {
        streamMode: failover.streamMode,
        holdMs: failover.holdMs,
        holdChars: failover.holdChars,
        circuitBreaker: failover.circuitBreaker,
        ...(failover.contextLengthTarget === undefined
          ? {}
          : { contextLengthTarget: target(failover.contextLengthTarget) }),
        onAttempt: (report) => hooks.onTargetAttempt(report),
      });
      return { provider, model: decision.model, providerId: decision.provider };
    },
  };
}
