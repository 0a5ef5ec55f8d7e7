import { z } from 'zod';

const usd = () => z.number().nonnegative();

/** A tier of models for requests within a complexity range. */
export const RoutingTierSchema = z.object({
  name: z.string().min(1),
  /** `provider/model` ids, in preference order. */
  models: z.array(z.string().min(1)).min(1),
  /** Inclusive [min, max] of classifier complexity, 0 to 1. */
  complexityRange: z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .refine(([min, max]) => min <= max, { message: 'complexityRange must be [min, max] with min <= max' }),
  /** Context window of the tier's models, in tokens. */
  maxContextTokens: z.number().int().positive().optional(),
});
export type RoutingTier = z.infer<typeof RoutingTierSchema>;

export const SelectionStrategySchema = z.enum(['preference-order', 'round-robin', 'lowest-cost', 'random']);
export type SelectionStrategy = z.infer<typeof SelectionStrategySchema>;

export const EscalationSchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Classifier confidence below this moves the request one tier up. @default 0.5 */
  confidenceThreshold: z.number().min(0).max(1).default(0.5),
  /** Move up a tier when a call fails. @default true */
  onFailure: z.boolean().default(true),
  /** @default 1 */
  maxEscalations: z.number().int().nonnegative().default(1),
});
export type Escalation = z.infer<typeof EscalationSchema>;

export const SenderBudgetSchema = z.object({
  dailyLimitUsd: usd().optional(),
  monthlyLimitUsd: usd().optional(),
});
export type SenderBudget = z.infer<typeof SenderBudgetSchema>;

export const CostBudgetsSchema = z.object({
  globalDailyLimitUsd: usd().optional(),
  globalMonthlyLimitUsd: usd().optional(),
  /** Default limits for every sender. */
  perSenderDailyLimitUsd: usd().optional(),
  perSenderMonthlyLimitUsd: usd().optional(),
  /** Limits for named senders (ids kept as written). @default {} */
  senders: z.record(z.string(), SenderBudgetSchema).default({}),
  /** Hour (UTC) at which daily budgets reset. @default 0 */
  resetHourUtc: z.number().int().min(0).max(23).default(0),
  /** Over budget: move down a tier, or refuse the request. @default "downgrade" */
  onExceeded: z.enum(['downgrade', 'refuse']).default('downgrade'),
});
export type CostBudgets = z.infer<typeof CostBudgetsSchema>;

export const RateLimitingSchema = z.object({
  /** @default false */
  enabled: z.boolean().default(false),
  /** Sliding window length. @default 60000 */
  windowMs: z.number().int().positive().default(60_000),
  /** @default 30 */
  perSenderLimit: z.number().int().positive().default(30),
  /** @default 300 */
  globalLimit: z.number().int().positive().default(300),
  /** Senders tracked at once (least recently seen are forgotten). @default 10000 */
  maxSenders: z.number().int().positive().default(10_000),
});
export type RateLimiting = z.infer<typeof RateLimitingSchema>;

export const RoutingSchema = z.object({
  /** `static`: always `agents.defaults.model`; `tiered`: by complexity. @default "static" */
  mode: z.enum(['static', 'tiered']).default('static'),
  tiers: z.array(RoutingTierSchema).default([]),
  /** @default "preference-order" */
  selectionStrategy: SelectionStrategySchema.default('preference-order'),
  /** Used when no tier fits or every tier is over budget. */
  fallbackModel: z.string().optional(),
  escalation: EscalationSchema.prefault({}),
  costBudgets: CostBudgetsSchema.prefault({}),
  rateLimiting: RateLimitingSchema.prefault({}),
});
export type Routing = z.infer<typeof RoutingSchema>;

/** Prices in USD per million tokens. */
export const ModelPriceSchema = z.object({
  inputPerMillionUsd: usd(),
  outputPerMillionUsd: usd(),
  cacheReadPerMillionUsd: usd().optional(),
  cacheWritePerMillionUsd: usd().optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** `provider/model` (or bare model id) → price; merged over the built-in table. @default {} */
export const PricingSchema = z.record(z.string(), ModelPriceSchema);
export type Pricing = z.infer<typeof PricingSchema>;
