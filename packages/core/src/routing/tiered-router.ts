import {
  type ResponseOutcome,
  type Routing,
  type RoutingDecision,
  RoutingError,
  type RoutingTier,
  type TaskProfile,
} from '@clawft/types';
import type { PricingTable } from '../cost/pricing.js';
import { LruMap } from '../shared/lru-map.js';
import { decide, type RouteContext } from './decide.js';
import type { ModelHealth } from './model-health.js';
import type { RoutePlan, Router } from './router.js';
import { type SelectionContext, selectModel } from './select-model.js';

export interface TieredRouterOptions {
  routing: Routing;
  pricing: PricingTable;
  random: () => number;
  maxSessions: number;
  health: ModelHealth;
}

/**
 * Routes by classifier complexity to the tier whose range holds it (tiers ordered by range: a higher tier is
 * "up"). Low confidence moves one tier up; a failure escalates one tier up; budget pressure moves down a tier at a
 * time, then to `fallbackModel`. A conversation stays on its model unless it needs a higher tier or the model is
 * failing. Models that keep failing are skipped while other models of the tier are healthy.
 */
export class TieredRouter implements Router {
  readonly #routing: Routing;
  readonly #tiers: readonly RoutingTier[];
  readonly #selection: SelectionContext;
  readonly #health: ModelHealth;
  readonly #sticky: LruMap<string, { model: string; level: number }>;

  constructor(options: TieredRouterOptions) {
    this.#routing = options.routing;
    this.#tiers = [...options.routing.tiers].sort((a, b) => a.complexityRange[0] - b.complexityRange[0]);
    this.#selection = {
      strategy: options.routing.selectionStrategy,
      pricing: options.pricing,
      random: options.random,
      cursors: new Map(),
    };
    this.#health = options.health;
    this.#sticky = new LruMap(options.maxSessions);
  }

  route(profile: TaskProfile, context: RouteContext): RoutePlan {
    let level = this.#tiers.findIndex(
      ({ complexityRange: [min, max] }) => profile.complexity >= min && profile.complexity <= max,
    );
    const fallback = this.#fallback(context);
    if (level < 0) {
      if (fallback === undefined) throw noRoute(profile, context);
      return {
        candidates: [{ ...fallback, reason: `no tier covers complexity ${profile.complexity.toFixed(2)}` }],
      };
    }
    const { escalation } = this.#routing;
    const lowConfidence =
      escalation.enabled &&
      escalation.maxEscalations > 0 &&
      profile.confidence < escalation.confidenceThreshold;
    const escalated = lowConfidence && level < this.#tiers.length - 1;
    if (escalated) level += 1;
    const primary = this.#stickyDecision(context, level) ?? {
      ...this.#pick(level, context, 'complexity'),
      escalated,
    };
    const candidates: RoutingDecision[] = [primary];
    for (let lower = level - 1; lower >= 0; lower -= 1) {
      candidates.push({ ...this.#pick(lower, context, 'budget downgrade', false), downgraded: true });
    }
    if (fallback !== undefined) candidates.push({ ...fallback, downgraded: true });
    return { candidates: uniqueByModel(candidates) };
  }

  escalate(
    failed: RoutingDecision,
    context: RouteContext,
    tried: ReadonlySet<string>,
  ): RoutingDecision | undefined {
    // A decision outside the tiers (the fallback model) has nowhere further up to go.
    const from =
      failed.tier === undefined
        ? this.#tiers.length
        : this.#tiers.findIndex((tier) => tier.name === failed.tier);
    for (let level = from + 1; level < this.#tiers.length; level += 1) {
      const models =
        this.#tiers[level]?.models.filter((model) => !tried.has(model) && this.#health.isHealthy(model)) ??
        [];
      const model = selectModel(this.#tiers[level]?.name ?? '', models, this.#selection);
      if (model !== undefined)
        return {
          ...decide(model, 'failure: escalated a tier', context, this.#tiers[level]?.name),
          escalated: true,
        };
    }
    const fallback = this.#fallback(context);
    if (fallback === undefined || tried.has(fallback.model) || failed.model === fallback.model)
      return undefined;
    return { ...fallback, reason: 'failure: escalated to fallbackModel', escalated: true };
  }

  commit(decision: RoutingDecision, context: RouteContext): void {
    // A downgrade was named without moving its tier's rotation on (see #pick); it was used, so move it on now.
    if (decision.downgraded && decision.tier !== undefined && this.#selection.strategy === 'round-robin') {
      const cursors = this.#selection.cursors;
      cursors.set(decision.tier, (cursors.get(decision.tier) ?? 0) + 1);
    }
    if (context.sessionKey === undefined) return;
    const level = this.#tiers.findIndex((tier) => tier.name === decision.tier);
    if (level >= 0) this.#sticky.set(context.sessionKey, { model: decision.model, level });
  }

  observe(outcome: ResponseOutcome): void {
    this.#health.observe(outcome);
  }

  /** The conversation's model, if it is healthy, still in its tier, and that tier is at least `level`. */
  #stickyDecision(context: RouteContext, level: number): RoutingDecision | undefined {
    if (context.sessionKey === undefined) return undefined;
    const sticky = this.#sticky.get(context.sessionKey);
    if (sticky === undefined || sticky.level < level || !this.#health.isHealthy(sticky.model))
      return undefined;
    const tier = this.#tiers[sticky.level];
    if (tier === undefined || !tier.models.includes(sticky.model)) return undefined;
    return decide(sticky.model, 'session stays on its model', context, tier.name);
  }

  /** A model of tier `level`; `advance: false` for a fallback candidate, which must not move a rotation on. */
  #pick(level: number, context: RouteContext, why: string, advance = true): RoutingDecision {
    const tier = this.#tiers[level] as RoutingTier;
    const healthy = tier.models.filter((model) => this.#health.isHealthy(model));
    const model = selectModel(
      tier.name,
      healthy.length > 0 ? healthy : tier.models,
      this.#selection,
      advance,
    ) as string;
    return decide(
      model,
      `${why}: tier ${tier.name} (${this.#routing.selectionStrategy})`,
      context,
      tier.name,
    );
  }

  #fallback(context: RouteContext): RoutingDecision | undefined {
    const model = this.#routing.fallbackModel;
    return model === undefined ? undefined : decide(model, 'fallbackModel', context);
  }
}

function uniqueByModel(decisions: readonly RoutingDecision[]): RoutingDecision[] {
  const seen = new Set<string>();
  return decisions.filter((decision) => !seen.has(decision.model) && seen.add(decision.model) !== undefined);
}

function noRoute(profile: TaskProfile, context: RouteContext): RoutingError {
  return new RoutingError({
    kind: 'no-route',
    message: `No routing tier covers complexity ${profile.complexity.toFixed(2)} and no routing.fallbackModel is set; widen the tiers' complexityRange or set a fallbackModel.`,
    ...(context.senderId === undefined ? {} : { senderId: context.senderId }),
  });
}
