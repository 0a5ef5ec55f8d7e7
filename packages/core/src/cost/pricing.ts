import { createHash } from 'node:crypto';
import type { ModelPrice, Pricing, Usage } from '@clawft/types';

const price = (input: number, output: number, cacheRead?: number, cacheWrite?: number): ModelPrice => ({
  inputPerMillionUsd: input,
  outputPerMillionUsd: output,
  ...(cacheRead === undefined ? {} : { cacheReadPerMillionUsd: cacheRead }),
  ...(cacheWrite === undefined ? {} : { cacheWritePerMillionUsd: cacheWrite }),
});

/**
 * Built-in list prices (USD per million tokens) for common models, as published when this table was written.
 * config.json `pricing` entries override these. `provider/*` entries price a whole provider (local servers: free).
 */
export const DEFAULT_PRICING: Readonly<Pricing> = {
  'openai/gpt-4o': price(2.5, 10, 1.25),
  'openai/gpt-4o-mini': price(0.15, 0.6, 0.075),
  'openai/gpt-4.1': price(2, 8, 0.5),
  'openai/gpt-4.1-mini': price(0.4, 1.6, 0.1),
  'openai/gpt-4.1-nano': price(0.1, 0.4, 0.025),
  'openai/o4-mini': price(1.1, 4.4, 0.275),
  'anthropic/claude-opus-4-1': price(15, 75, 1.5, 18.75),
  'anthropic/claude-sonnet-4-5': price(3, 15, 0.3, 3.75),
  'anthropic/claude-haiku-4-5': price(1, 5, 0.1, 1.25),
  'gemini/gemini-2.5-pro': price(1.25, 10, 0.31),
  'gemini/gemini-2.5-flash': price(0.3, 2.5, 0.075),
  'deepseek/deepseek-chat': price(0.27, 1.1, 0.07),
  'deepseek/deepseek-reasoner': price(0.55, 2.19, 0.14),
  'groq/llama-3.3-70b-versatile': price(0.59, 0.79),
  'groq/llama-3.1-8b-instant': price(0.05, 0.08),
  'mistral/mistral-large-latest': price(2, 6),
  'mistral/mistral-small-latest': price(0.2, 0.6),
  'xai/grok-4': price(3, 15, 0.75),
  'ollama/*': price(0, 0),
  'vllm/*': price(0, 0),
  'lmstudio/*': price(0, 0),
};

/** Looks up prices by `provider/model`, then the bare model id, then `provider/*`. */
export class PricingTable {
  readonly #prices: ReadonlyMap<string, ModelPrice>;
  /** 12 hex digits of a SHA-256 over the merged table (keys sorted): ledger entries name the prices they used. */
  readonly version: string;

  /** @param overrides config.json `pricing`, merged over `DEFAULT_PRICING`. */
  constructor(overrides: Pricing = {}) {
    const merged = { ...DEFAULT_PRICING, ...overrides };
    this.#prices = new Map(Object.entries(merged));
    const sorted = Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key]]);
    this.version = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 12);
  }

  /** The price of `model`, or `undefined` when it is in neither config nor the built-in table. */
  priceOf(model: string): ModelPrice | undefined {
    const exact = this.#prices.get(model);
    if (exact !== undefined) return exact;
    const slash = model.indexOf('/');
    if (slash < 0) return undefined;
    return this.#prices.get(model.slice(slash + 1)) ?? this.#prices.get(`${model.slice(0, slash)}/*`);
  }

  /** Cost of `usage` on `model`, USD; 0 for an unpriced model. Cache tokens fall back to the input price. */
  costOf(model: string, usage: Usage): number {
    const modelPrice = this.priceOf(model);
    return modelPrice === undefined ? 0 : costOfUsage(modelPrice, usage);
  }

  /**
   * Worst-case cost of a call, USD: the whole input at the dearest input price (a prompt written to the cache costs
   * more than plain input on some providers) and `maxOutputTokens` of output.
   */
  worstCaseCost(model: string, inputTokens: number, maxOutputTokens: number): number {
    const modelPrice = this.priceOf(model);
    if (modelPrice === undefined) return 0;
    const inputPrice = Math.max(modelPrice.inputPerMillionUsd, modelPrice.cacheWritePerMillionUsd ?? 0);
    return (inputTokens * inputPrice + maxOutputTokens * modelPrice.outputPerMillionUsd) / 1e6;
  }
}

/** Cost of `usage` at `modelPrice`, USD. `inputTokens` excludes cache reads and writes. */
export function costOfUsage(modelPrice: ModelPrice, usage: Usage): number {
  const cacheRead = modelPrice.cacheReadPerMillionUsd ?? modelPrice.inputPerMillionUsd;
  const cacheWrite = modelPrice.cacheWritePerMillionUsd ?? modelPrice.inputPerMillionUsd;
  return (
    (usage.inputTokens * modelPrice.inputPerMillionUsd +
      usage.outputTokens * modelPrice.outputPerMillionUsd +
      usage.cacheReadTokens * cacheRead +
      usage.cacheWriteTokens * cacheWrite) /
    1e6
  );
}
