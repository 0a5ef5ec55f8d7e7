import type { SelectionStrategy } from '@clawft/types';
import type { PricingTable } from '../cost/pricing.js';

/** What a selection strategy may consult. */
export interface SelectionContext {
  strategy: SelectionStrategy;
  pricing: PricingTable;
  /** Random number in [0, 1). */
  random: () => number;
  /** Round-robin position per tier; advanced by each pick. */
  cursors: Map<string, number>;
}

/**
 * Picks a model from `models` (a tier's list, in preference order) by strategy: `preference-order` takes the first,
 * `round-robin` rotates per tier, `lowest-cost` takes the cheapest (input + output per million; unpriced models
 * last), `random` draws with the injected generator. Returns `undefined` for an empty list. With `advance: false`
 * (a candidate that will most likely not be used, such as a budget downgrade) round-robin names the model whose
 * turn it is without moving on, so unused candidates do not skew the rotation.
 */
export function selectModel(
  tier: string,
  models: readonly string[],
  context: SelectionContext,
  advance = true,
): string | undefined {
  if (models.length === 0) return undefined;
  switch (context.strategy) {
    case 'preference-order':
      return models[0];
    case 'round-robin': {
      const position = context.cursors.get(tier) ?? 0;
      if (advance) context.cursors.set(tier, position + 1);
      return models[position % models.length];
    }
    case 'lowest-cost':
      return cheapest(models, context.pricing);
    case 'random':
      return models[Math.min(models.length - 1, Math.floor(context.random() * models.length))];
    default: {
      const unknown: never = context.strategy;
      throw new TypeError(`Unknown selection strategy: ${JSON.stringify(unknown)}`);
    }
  }
}

function cheapest(models: readonly string[], pricing: PricingTable): string | undefined {
  let best: string | undefined;
  let bestPrice = Number.POSITIVE_INFINITY;
  for (const model of models) {
    const price = pricing.priceOf(model);
    const total =
      price === undefined ? Number.MAX_VALUE : price.inputPerMillionUsd + price.outputPerMillionUsd;
    if (best === undefined || total < bestPrice) {
      best = model;
      bestPrice = total;
    }
  }
  return best;
}
