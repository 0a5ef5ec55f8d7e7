import { isAbsolute, join } from 'node:path';
import type { CreateProviderOptions, WithRetryOptions } from '@clawft/llm';
import type { Config, RoutingDecision } from '@clawft/types';
import type { BudgetStore } from '../cost/budget-store.js';
import { CostTracker } from '../cost/cost-tracker.js';
import { createMemoryBudgetStore } from '../cost/memory-budget-store.js';
import { openBudgetStore } from '../cost/open-budget-store.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createRouter } from '../routing/router.js';
import { resolvePath } from '../shared/resolve-path.js';
import { DEFAULT_CONTEXT_TOKENS } from './context-window.js';
import type { LlmTransport } from './llm-transport.js';
import { createOutcomeLog } from './outcome-log.js';
import { Pipeline } from './pipeline.js';
import type { OutcomeListener } from './pipeline-options.js';
import { createProviderTransport } from './provider-transport.js';

export interface CreatePipelineOptions {
  config: Config;
  /**
   * The budget store to book to (the pipeline's `close` closes it). `false` keeps spend in this process's memory,
   * whatever `bus.store` says. @default the store of `bus.store` (`openBudgetStore`)
   */
  costStore?: BudgetStore | false;
  /** @default createProviderTransport({ config, providerOptions, retryOptions }) */
  transport?: LlmTransport;
  providerOptions?: CreateProviderOptions;
  retryOptions?: WithRetryOptions;
  /** Random number in [0, 1) for the `random` strategy. @default Math.random */
  random?: () => number;
  /** Wall clock for budget days, epoch milliseconds. @default Date.now */
  wallClock?: () => number;
  onOutcome?: OutcomeListener;
  /** Reports failures to write to the budget store or the outcomes file. @default no-op */
  onError?: (error: unknown) => void;
  signal?: AbortSignal;
}

/**
 * A `Pipeline` wired from config.json: the router of `routing.mode`, the cost tracker with `routing.costBudgets`
 * and `pricing` on the budget store of `bus.store` (shared by every process using it), the rate limiter, the provider transport with `retry` and
 * `failover`, and the outcomes file of `observability.outcomesFile` (relative to the workspace).
 *
 * @example
 * const pipeline = await createPipeline({ config });
 * const { response } = await pipeline.complete({ model: config.agents.defaults.model, messages, senderId: 'alice' });
 */
export async function createPipeline(options: CreatePipelineOptions): Promise<Pipeline> {
  const { config } = options;
  const { routing, agents } = config;
  const workspace = resolvePath(agents.defaults.workspace);
  const store =
    options.costStore === false
      ? createMemoryBudgetStore()
      : (options.costStore ??
        (await openBudgetStore({
          bus: config.bus,
          workspace,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })));
  const costTracker = await CostTracker.open({
    budgets: routing.costBudgets,
    pricing: config.pricing,
    store,
    ...(options.wallClock === undefined ? {} : { clock: options.wallClock }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const router = createRouter({
    routing,
    defaultModel: agents.defaults.model,
    pricing: costTracker.pricing,
    ...(options.random === undefined ? {} : { random: options.random }),
    health: {
      failureThreshold: config.failover.circuitBreaker.failureThreshold,
      cooldownMs: config.failover.circuitBreaker.cooldownMs,
    },
  });
  const transport =
    options.transport ??
    createProviderTransport({
      config,
      ...(options.providerOptions === undefined ? {} : { providerOptions: options.providerOptions }),
      ...(options.retryOptions === undefined ? {} : { retryOptions: options.retryOptions }),
    });
  const windows = new Map(routing.tiers.map((tier) => [tier.name, tier.maxContextTokens]));
  const outcomesFile = config.observability.outcomesFile;
  const outcomeLog =
    outcomesFile === undefined
      ? undefined
      : createOutcomeLog({
          file: isAbsolute(outcomesFile) ? outcomesFile : join(workspace, outcomesFile),
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        });
  return new Pipeline({
    router,
    costTracker,
    transport,
    escalation: routing.escalation,
    defaultMaxTokens: agents.defaults.maxTokens,
    contextWindow: (decision: RoutingDecision) =>
      (decision.tier === undefined ? undefined : windows.get(decision.tier)) ?? DEFAULT_CONTEXT_TOKENS,
    ...(routing.rateLimiting.enabled
      ? { rateLimiter: new RateLimiter({ limits: routing.rateLimiting }) }
      : {}),
    ...(options.onOutcome === undefined ? {} : { onOutcome: options.onOutcome }),
    ...(outcomeLog === undefined ? {} : { outcomeLog }),
  });
}
