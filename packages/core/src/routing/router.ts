import type { ResponseOutcome, Routing, RoutingDecision, TaskProfile } from '@clawft/types';
import { PricingTable } from '../cost/pricing.js';
import { decide, type RouteContext } from './decide.js';
import { ModelHealth, type ModelHealthOptions } from './model-health.js';
import { TieredRouter } from './tiered-router.js';

export type { RouteContext } from './decide.js';

/** Where a request may go: the first candidate is preferred; the rest are budget downgrades, cheapest last. */
export interface RoutePlan {
  candidates: RoutingDecision[];
}

/** Chooses models. Synchronous, so routing and reserving a budget happen in one uninterrupted step. */
export interface Router {
  route(profile: TaskProfile, context: RouteContext): RoutePlan;
  /** After `failed` did not work out: a model one tier up, or `undefined` when there is none left to try. */
  escalate(
    failed: RoutingDecision,
    context: RouteContext,
    tried: ReadonlySet<string>,
  ): RoutingDecision | undefined;
  /** The decision a request finally went with (keeps the conversation on it). */
  commit(decision: RoutingDecision, context: RouteContext): void;
  /** Feedback from every finished request. */
  observe(outcome: ResponseOutcome): void;
}

export interface RouterOptions {
  /** config.json `routing`. */
  routing: Routing;
  /** `agents.defaults.model`: the model of `static` mode. */
  defaultModel: string;
  /** Prices for `lowest-cost`. @default built-in table */
  pricing?: PricingTable;
  /** Random number in [0, 1) for the `random` strategy. @default Math.random */
  random?: () => number;
  /** Conversations remembered for stickiness. @default 10000 */
  maxSessions?: number;
  health?: ModelHealthOptions;
}

/**
 * The router config.json asks for: `static` (always `agents.defaults.model`, `fallbackModel` as the budget
 * downgrade) or `tiered` (by complexity; see `TieredRouter`).
 *
 * @example
 * const router = createRouter({ routing: config.routing, defaultModel: config.agents.defaults.model });
 */
export function createRouter(options: RouterOptions): Router {
  const health = new ModelHealth(options.health);
  if (options.routing.mode === 'tiered' && options.routing.tiers.length > 0) {
    return new TieredRouter({
      routing: options.routing,
      pricing: options.pricing ?? new PricingTable(),
      random: options.random ?? Math.random,
      maxSessions: options.maxSessions ?? 10_000,
      health,
    });
  }
  return createStaticRouter(options.defaultModel, options.routing.fallbackModel, health);
}

function createStaticRouter(model: string, fallbackModel: string | undefined, health: ModelHealth): Router {
  const fallback = fallbackModel !== undefined && fallbackModel !== model ? fallbackModel : undefined;
  return {
    route(_profile, context) {
      const primary = decide(model, 'static: agents.defaults.model', context);
      if (fallback === undefined) return { candidates: [primary] };
      return {
        candidates: [
          primary,
          { ...decide(fallback, 'budget downgrade to fallbackModel', context), downgraded: true },
        ],
      };
    },
    escalate(_failed, context, tried) {
      if (fallback === undefined || tried.has(fallback) || !health.isHealthy(fallback)) return undefined;
      return { ...decide(fallback, 'failure: moved to fallbackModel', context), escalated: true };
    },
    commit() {},
    observe(outcome) {
      health.observe(outcome);
    },
  };
}
