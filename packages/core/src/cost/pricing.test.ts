import { describe, expect, it } from 'vitest';
import { budgetPeriod } from './budget-period.js';
import { PricingTable } from './pricing.js';

describe('PricingTable', () => {
  it('prices input, output, cache reads and cache writes per million tokens', () => {
    const table = new PricingTable();
    const cost = table.costOf('anthropic/claude-sonnet-4-5', {
      inputTokens: 1_000_000,
      outputTokens: 1_000_000,
      cacheReadTokens: 1_000_000,
      cacheWriteTokens: 1_000_000,
    });
    expect(cost).toBeCloseTo(3 + 15 + 0.3 + 3.75);
  });

  it('lets config pricing override the built-in table and price new models', () => {
    const table = new PricingTable({
      'openai/gpt-4o': { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
      'acme/x': { inputPerMillionUsd: 5, outputPerMillionUsd: 5 },
    });
    expect(table.priceOf('openai/gpt-4o')).toEqual({ inputPerMillionUsd: 1, outputPerMillionUsd: 2 });
    expect(table.worstCaseCost('acme/x', 1000, 1000)).toBeCloseTo(0.01);
  });

  it('reserves no less than the dearest way the call could be billed (cache writes cost more than input)', () => {
    const table = new PricingTable();
    const model = 'anthropic/claude-sonnet-4-5';
    const worst = table.worstCaseCost(model, 1000, 500);
    const billed = [
      { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 },
      { inputTokens: 0, outputTokens: 500, cacheReadTokens: 1000, cacheWriteTokens: 0 },
      { inputTokens: 0, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 1000 },
    ].map((usage) => table.costOf(model, usage));
    for (const cost of billed) expect(worst).toBeGreaterThanOrEqual(cost);
    expect(worst).toBeCloseTo(Math.max(...billed), 12);
  });

  it('falls back to the bare model id and to provider wildcards; unknown models are unpriced', () => {
    const table = new PricingTable({ 'gpt-4o': { inputPerMillionUsd: 7, outputPerMillionUsd: 7 } });
    expect(table.priceOf('openrouter/gpt-4o')?.inputPerMillionUsd).toBe(7);
    expect(
      table.costOf('ollama/llama3', {
        inputTokens: 1e6,
        outputTokens: 1e6,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(0);
    expect(table.priceOf('nobody/knows')).toBeUndefined();
  });
});

describe('budgetPeriod', () => {
  it.each([
    ['2026-03-01T05:00:00Z', 6, '2026-02-28', '2026-02'],
    ['2026-03-01T06:00:00Z', 6, '2026-03-01', '2026-03'],
    ['2026-12-31T23:59:59Z', 0, '2026-12-31', '2026-12'],
  ] as const)('puts %s (reset at %d UTC) in day %s, month %s', (instant, hour, day, month) => {
    expect(budgetPeriod(Date.parse(instant), hour)).toEqual({ day, month });
  });
});
