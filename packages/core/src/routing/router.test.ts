import {
  CircuitBreakerSchema,
  type ResponseOutcome,
  type RoutingDecision,
  type RoutingError,
  RoutingSchema,
  type TaskProfile,
} from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { PricingTable } from '../cost/pricing.js';
import { createRouter } from './router.js';

const tiers = [
  {
    name: 'simple',
    models: ['groq/llama-3.1-8b-instant', 'openai/gpt-4.1-nano', 'openai/gpt-4o-mini'],
    complexityRange: [0, 0.3],
  },
  {
    name: 'standard',
    models: ['anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini'],
    complexityRange: [0.3, 0.7],
  },
  { name: 'hard', models: ['anthropic/claude-opus-4-1', 'openai/gpt-4.1'], complexityRange: [0.7, 1] },
];

const profile = (complexity: number, confidence = 0.9): TaskProfile => ({
  complexity,
  confidence,
  taskType: 'chat',
  keywords: [],
  estimatedInputTokens: 100,
  requiresTools: false,
});

const tiered = (routing: Record<string, unknown>, random = () => 0) =>
  createRouter({
    routing: RoutingSchema.parse({ mode: 'tiered', tiers, ...routing }),
    defaultModel: 'openai/gpt-4o',
    pricing: new PricingTable(),
    random,
  });

const models = (decisions: readonly RoutingDecision[]) => decisions.map((decision) => decision.model);

describe('createRouter (static)', () => {
  it('routes every request to agents.defaults.model, with fallbackModel as the budget downgrade', () => {
    const router = createRouter({
      routing: RoutingSchema.parse({ fallbackModel: 'openai/gpt-4o-mini' }),
      defaultModel: 'openai/gpt-4o',
    });
    const { candidates } = router.route(profile(0.9), { senderId: 'alice' });
    expect(candidates.map(({ model, downgraded, senderId }) => ({ model, downgraded, senderId }))).toEqual([
      { model: 'openai/gpt-4o', downgraded: false, senderId: 'alice' },
      { model: 'openai/gpt-4o-mini', downgraded: true, senderId: 'alice' },
    ]);
  });
});

describe('createRouter (tiered)', () => {
  it.each([
    // strategy, complexity, the models picked by three consecutive requests
    [
      'preference-order',
      0.1,
      ['groq/llama-3.1-8b-instant', 'groq/llama-3.1-8b-instant', 'groq/llama-3.1-8b-instant'],
    ],
    ['round-robin', 0.1, ['groq/llama-3.1-8b-instant', 'openai/gpt-4.1-nano', 'openai/gpt-4o-mini']],
    ['lowest-cost', 0.5, ['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-mini']],
    [
      'preference-order',
      0.9,
      ['anthropic/claude-opus-4-1', 'anthropic/claude-opus-4-1', 'anthropic/claude-opus-4-1'],
    ],
  ] as const)('%s at complexity %d picks %j', (selectionStrategy, complexity, expected) => {
    const router = tiered({ selectionStrategy });
    const picked = [0, 1, 2].map(() => router.route(profile(complexity), {}).candidates[0]?.model);
    expect(picked).toEqual(expected);
  });

  it('keeps a tier rotating round-robin when requests for higher tiers list it as a downgrade', () => {
    const router = tiered({ selectionStrategy: 'round-robin' });
    const simple: (string | undefined)[] = [];
    for (let index = 0; index < 3; index += 1) {
      const hard = router.route(profile(0.9), {}).candidates;
      expect(hard.at(-1)).toMatchObject({ tier: 'simple', downgraded: true });
      simple.push(router.route(profile(0.1), {}).candidates[0]?.model);
    }
    expect(simple).toEqual(['groq/llama-3.1-8b-instant', 'openai/gpt-4.1-nano', 'openai/gpt-4o-mini']);
  });

  it('moves the rotation on when a downgrade is used (budget pressure)', () => {
    const router = tiered({ selectionStrategy: 'round-robin' });
    const used: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const downgrade = router.route(profile(0.9), {}).candidates.at(-1) as RoutingDecision;
      router.commit(downgrade, {});
      used.push(downgrade.model);
    }
    expect(used).toEqual(['groq/llama-3.1-8b-instant', 'openai/gpt-4.1-nano', 'openai/gpt-4o-mini']);
  });

  it('random draws with the injected generator', () => {
    const draws = [0.99, 0.0, 0.5];
    const router = tiered({ selectionStrategy: 'random' }, () => draws.shift() ?? 0);
    const picked = [0, 1, 2].map(() => router.route(profile(0.1), {}).candidates[0]?.model);
    expect(picked).toEqual(['openai/gpt-4o-mini', 'groq/llama-3.1-8b-instant', 'openai/gpt-4.1-nano']);
  });

  it.each([
    [0.1, 0.9, 'simple', false],
    [0.1, 0.2, 'standard', true],
    [0.9, 0.2, 'hard', false],
  ] as const)(
    'complexity %d with confidence %d goes to tier %s (escalated: %s)',
    (complexity, confidence, tier, escalated) => {
      const [first] = tiered({}).route(profile(complexity, confidence), {}).candidates;
      expect(first).toMatchObject({ tier, escalated });
    },
  );

  it('does not escalate on low confidence when escalation is disabled', () => {
    const [first] = tiered({ escalation: { enabled: false } }).route(profile(0.1, 0.1), {}).candidates;
    expect(first).toMatchObject({ tier: 'simple', escalated: false });
  });

  it('lists budget downgrades one tier at a time, then the fallback model', () => {
    const router = tiered({ fallbackModel: 'ollama/llama3' });
    const { candidates } = router.route(profile(0.9), { senderId: 'bob' });
    expect(models(candidates)).toEqual([
      'anthropic/claude-opus-4-1',
      'anthropic/claude-haiku-4-5',
      'groq/llama-3.1-8b-instant',
      'ollama/llama3',
    ]);
    expect(candidates.slice(1).every((decision) => decision.downgraded && decision.senderId === 'bob')).toBe(
      true,
    );
  });

  it('escalates a failed request one tier up, skipping models already tried, then to the fallback', () => {
    const router = tiered({ fallbackModel: 'ollama/llama3' });
    const [first] = router.route(profile(0.5), {}).candidates;
    const up = router.escalate(first as RoutingDecision, {}, new Set([first?.model ?? '']));
    expect(up).toMatchObject({ tier: 'hard', model: 'anthropic/claude-opus-4-1', escalated: true });
    const top = router.escalate(up as RoutingDecision, {}, new Set());
    expect(top).toMatchObject({ model: 'ollama/llama3', escalated: true });
    expect(router.escalate(top as RoutingDecision, {}, new Set(['ollama/llama3']))).toBeUndefined();
  });

  it('keeps a conversation on its model for easier turns and moves it up for harder ones', () => {
    const router = tiered({ selectionStrategy: 'round-robin' });
    const session = { sessionKey: 'cli:1' };
    const [first] = router.route(profile(0.5), session).candidates;
    router.commit(first as RoutingDecision, session);
    expect(router.route(profile(0.1), session).candidates[0]?.model).toBe(first?.model);
    expect(router.route(profile(0.5), session).candidates[0]?.model).toBe(first?.model);
    expect(router.route(profile(0.9), session).candidates[0]?.tier).toBe('hard');
  });

  it('avoids a model whose requests keep failing', () => {
    const router = tiered({});
    const [first] = router.route(profile(0.1), {}).candidates;
    const failed = (errorKind: string): ResponseOutcome => ({
      decision: first as RoutingDecision,
      success: false,
      latencyMs: 1,
      timings: {
        queueMs: 0,
        contextMs: 0,
        routeMs: 0,
        attempts: [
          {
            provider: 'groq',
            model: first?.model ?? '',
            startMs: 0,
            durationMs: 1,
            success: false,
            errorKind,
          },
        ],
        tools: [],
      },
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      costUsd: 0,
    });
    // Aborts say nothing about the model.
    for (let index = 0; index < 5; index += 1) router.observe(failed('aborted'));
    expect(router.route(profile(0.1), {}).candidates[0]?.model).toBe(first?.model);
    // The circuit breaker's threshold (config.json `failover.circuitBreaker`, default from the schema).
    const { failureThreshold } = CircuitBreakerSchema.parse({});
    for (let index = 0; index < failureThreshold; index += 1) router.observe(failed('server-error'));
    expect(router.route(profile(0.1), {}).candidates[0]?.model).toBe('openai/gpt-4.1-nano');
  });

  it('refuses with no-route when no tier covers the complexity and there is no fallback', () => {
    const router = createRouter({
      routing: RoutingSchema.parse({
        mode: 'tiered',
        tiers: [{ name: 'low', models: ['a/b'], complexityRange: [0, 0.2] }],
      }),
      defaultModel: 'a/b',
    });
    expect(() => router.route(profile(0.9), { senderId: 'carol' })).toThrowError(
      expect.objectContaining({ kind: 'no-route', senderId: 'carol' }) as RoutingError,
    );
  });
});
