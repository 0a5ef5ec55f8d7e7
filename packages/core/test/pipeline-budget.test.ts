// Budgets through the whole pipeline: concurrent requests cannot overspend, failures give back what they did not
// use, and an over-budget request moves down a tier (or is refused) before any provider is called.
import { type ResponseOutcome, RoutingError } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetStore } from '../src/cost/budget-store.js';
import { createMemoryBudgetStore } from '../src/cost/memory-budget-store.js';
import { type Harness, startHarness } from './pipeline-harness.js';

const ask = (content: string, senderId = 'alice') => ({
  model: 'primary/model-a',
  messages: [{ role: 'user' as const, content }],
  senderId,
});
// $1000 per million output tokens and 100 max tokens: every call reserves $0.10.
const dearOutput = { 'primary/model-a': { inputPerMillionUsd: 0, outputPerMillionUsd: 1000 } };

describe('Pipeline budgets', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('admits at most 10 of 20 concurrent requests against a budget that fits 10', async () => {
    harness = await startHarness(
      { pricing: dearOutput, routing: { costBudgets: { perSenderDailyLimitUsd: 1 } } },
      {
        primary: Array.from({ length: 20 }, () => ({
          type: 'answer' as const,
          text: 'ok',
          firstTokenDelayMs: 30,
        })),
      },
    );
    // In memory, all 20 reserve before the first call can answer and release (test/cost-race.test.ts races
    // processes on the shared stores).
    const pipeline = await harness.pipeline({ costStore: false });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => pipeline.complete(ask(`q${index}`))),
    );
    const admitted = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(admitted).toHaveLength(10);
    expect(harness.primary.requests).toHaveLength(10);
    expect(refused.every((error) => RoutingError.is(error) && error.kind === 'budget-exceeded')).toBe(true);
    expect(refused[0]).toMatchObject({ budget: 'sender-daily', senderId: 'alice', limitUsd: 1 });
    expect(pipeline.costTracker.spend('alice').reservedUsd).toBe(0);
  });

  it('releases the reservation of a failed call, so the next call fits again', async () => {
    harness = await startHarness(
      { pricing: dearOutput, routing: { costBudgets: { perSenderDailyLimitUsd: 0.1 } } },
      {
        primary: [
          { type: 'status', status: 400 },
          { type: 'answer', text: 'fine', usage: { inputTokens: 5, outputTokens: 7 } },
        ],
      },
    );
    const pipeline = await harness.pipeline();
    await expect(pipeline.complete(ask('first'))).rejects.toMatchObject({ kind: 'invalid-request' });
    expect(pipeline.costTracker.spend('alice')).toEqual({ dailyUsd: 0, monthlyUsd: 0, reservedUsd: 0 });
    const { response } = await pipeline.complete(ask('second'));
    expect(response.content).toBe('fine');
    expect(pipeline.costTracker.spend('alice').dailyUsd).toBeCloseTo((7 * 1000) / 1e6, 12);
  });

  it('books what a cut stream consumed and releases the rest of its reservation', async () => {
    harness = await startHarness(
      { pricing: dearOutput, routing: { costBudgets: { perSenderDailyLimitUsd: 1 } } },
      { primary: [{ type: 'answer', text: 'x'.repeat(40), chunks: 4, chunkDelayMs: 30, cutAfterChunks: 2 }] },
    );
    const pipeline = await harness.pipeline();
    let streamed = '';
    const call = pipeline.stream(ask('cut me'), {
      onPart: (part) => {
        if (part.type === 'text-delta') streamed += part.text;
      },
    });
    await expect(call).rejects.toMatchObject({ name: 'ProviderError' });
    expect(streamed.length).toBeGreaterThan(0);
    const outputTokens = Math.ceil(streamed.length / 4);
    const [entry] = pipeline.costTracker.ledger({ senderId: 'alice' });
    expect(entry).toMatchObject({ success: false, usageReported: false, usage: { outputTokens } });
    expect(pipeline.costTracker.spend('alice')).toMatchObject({ reservedUsd: 0 });
    expect(pipeline.costTracker.spend('alice').dailyUsd).toBeCloseTo((outputTokens * 1000) / 1e6, 12);
  });

  it('does not let requests refused for their budget use up the rate limit of everybody else', async () => {
    harness = await startHarness({
      pricing: dearOutput,
      routing: {
        costBudgets: { senders: { alice: { dailyLimitUsd: 0.01 } }, onExceeded: 'refuse' },
        rateLimiting: { enabled: true, globalLimit: 2, perSenderLimit: 10 },
      },
    });
    const pipeline = await harness.pipeline();
    for (let index = 0; index < 5; index += 1) {
      await expect(pipeline.complete(ask(`over budget ${index}`))).rejects.toMatchObject({
        kind: 'budget-exceeded',
      });
    }
    const served = { response: { content: 'ok' }, outcome: { success: true } };
    await expect(pipeline.complete(ask('one', 'bob'))).resolves.toMatchObject(served);
    await expect(pipeline.complete(ask('two', 'carol'))).resolves.toMatchObject(served);
    // The two admitted requests fill the global window.
    await expect(pipeline.complete(ask('three', 'dave'))).rejects.toMatchObject({
      kind: 'rate-limited',
      scope: 'global',
    });
  });

  // A shared store can be slow to reserve (a file lock, a KV round trip): the caller may give up meanwhile.
  it.each([
    ["the signal's default reason", undefined],
    ["the caller's own reason", new Error('the user left')],
  ])(
    'rejects with RoutingError aborted, calling no provider, when the signal aborts during the reservation (%s)',
    async (_, reason) => {
      harness = await startHarness(
        { pricing: dearOutput, routing: { costBudgets: { perSenderDailyLimitUsd: 1 } } },
        { primary: [{ type: 'answer', text: 'never sent' }] },
      );
      const inner = createMemoryBudgetStore();
      let entered: () => void = () => undefined;
      const reserving = new Promise<void>((resolve) => {
        entered = resolve;
      });
      // Holds each reservation until its signal aborts, then lets the real store see the aborted signal.
      const slowStore: BudgetStore = {
        ...inner,
        async updateHolds(change, signal) {
          entered();
          if (signal !== undefined && !signal.aborted)
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          return inner.updateHolds(change, signal);
        },
      };
      const pipeline = await harness.pipeline({ costStore: slowStore });
      const outcomes: ResponseOutcome[] = [];
      const controller = new AbortController();
      const call = pipeline.complete(ask('stop while reserving'), {
        signal: controller.signal,
        onOutcome: (outcome) => outcomes.push(outcome),
      });
      await reserving;
      controller.abort(reason);
      const error = await call.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(RoutingError.is(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'aborted', senderId: 'alice', retryable: false });
      const cause = (error as RoutingError).cause;
      if (reason === undefined) expect(cause).toMatchObject({ name: 'AbortError' });
      else expect(cause).toBe(reason);
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]?.error).toMatchObject({ name: 'RoutingError', kind: 'aborted' });
      expect(harness.primary.requests).toHaveLength(0);
      expect(pipeline.costTracker.spend('alice')).toMatchObject({ reservedUsd: 0, dailyUsd: 0 });
    },
  );

  it.each([
    ['while waiting for headers', [{ type: 'hang' as const }], 0],
    [
      'mid-stream, after the first text',
      [{ type: 'answer' as const, text: 'y'.repeat(40), chunks: 4, chunkDelayMs: 200 }],
      1,
    ],
  ])(
    'releases the reservation of a call aborted %s, booking only what it streamed',
    async (_, steps, minText) => {
      harness = await startHarness(
        { pricing: dearOutput, routing: { costBudgets: { perSenderDailyLimitUsd: 0.1 } } },
        { primary: steps },
      );
      const pipeline = await harness.pipeline();
      const controller = new AbortController();
      let streamed = '';
      const call = pipeline.stream(ask('abort me'), {
        signal: controller.signal,
        onPart: (part) => {
          if (part.type === 'text-delta') {
            streamed += part.text;
            controller.abort();
          }
        },
      });
      if (minText === 0) setTimeout(() => controller.abort(), 50);
      await expect(call).rejects.toMatchObject({ kind: 'aborted' });
      expect(streamed.length).toBeGreaterThanOrEqual(minText);
      const spend = pipeline.costTracker.spend('alice');
      expect(spend.reservedUsd).toBe(0);
      expect(spend.dailyUsd).toBeCloseTo((Math.ceil(streamed.length / 4) * 1000) / 1e6, 12);
      // The whole $0.10 budget is free again for the next call.
      expect(
        (
          await pipeline.costTracker.tryReserve({
            senderId: 'alice',
            model: 'primary/model-a',
            amountUsd: 0.1 - spend.dailyUsd,
            requestId: 'next',
          })
        ).ok,
      ).toBe(true);
    },
  );

  describe('over budget in tiered mode', () => {
    const tiers: { name: string; models: string[]; complexityRange: [number, number] }[] = [
      { name: 'cheap', models: ['primary/model-a'], complexityRange: [0, 0.4] },
      { name: 'dear', models: ['primary/model-b'], complexityRange: [0.4, 1] },
    ];
    const pricing = {
      'primary/model-a': { inputPerMillionUsd: 0, outputPerMillionUsd: 100 },
      'primary/model-b': { inputPerMillionUsd: 0, outputPerMillionUsd: 10_000 },
    };
    const hard =
      'Design a distributed architecture and prove the concurrency algorithm correct, step by step, with security tradeoffs';

    it.each([
      ['downgrade', 'primary/model-a', true],
      ['refuse', undefined, false],
    ] as const)('onExceeded %s → %s', async (onExceeded, model, served) => {
      harness = await startHarness({
        pricing,
        routing: {
          mode: 'tiered',
          tiers,
          escalation: { enabled: false },
          costBudgets: { senders: { alice: { dailyLimitUsd: 0.05 } }, onExceeded },
        },
      });
      const outcomes: ResponseOutcome[] = [];
      const pipeline = await harness.pipeline({ onOutcome: (outcome) => outcomes.push(outcome) });
      const call = pipeline.complete(ask(hard));
      if (!served) {
        await expect(call).rejects.toMatchObject({
          kind: 'budget-exceeded',
          budget: 'sender-daily',
          senderId: 'alice',
          model: 'primary/model-b',
        });
        expect(harness.primary.requests).toHaveLength(0);
        expect(outcomes[0]).toMatchObject({
          success: false,
          decision: { model: 'primary/model-b', reason: 'refused: budget-exceeded', senderId: 'alice' },
          error: { kind: 'budget-exceeded' },
          costUsd: 0,
        });
        return;
      }
      const { outcome } = await call;
      expect(outcome.decision).toMatchObject({ model, tier: 'cheap', downgraded: true, senderId: 'alice' });
      expect(harness.primary.requests.map((request) => (request.body as { model: string }).model)).toEqual([
        'model-a',
      ]);
    });
  });
});
