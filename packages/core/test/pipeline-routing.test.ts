// The D4 wiring: config.json `retry` reaches every provider the pipeline builds, in static and tiered mode; and a
// failed request escalates one tier up.
import { getEventListeners } from 'node:events';
import type { ConfigInput, ResponseOutcome, StreamPart } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './pipeline-harness.js';

const ask = {
  model: 'primary/model-a',
  messages: [{ role: 'user' as const, content: 'hello' }],
  senderId: 'alice',
};
const failing = Array.from({ length: 10 }, () => ({ type: 'status' as const, status: 500 }));
const tiered: ConfigInput['routing'] = {
  mode: 'tiered',
  tiers: [
    { name: 'low', models: ['primary/model-a'], complexityRange: [0, 0.5] },
    { name: 'high', models: ['primary/model-b'], complexityRange: [0.5, 1] },
  ],
  escalation: { enabled: false },
};

describe('Pipeline transport from config.json', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it.each([
    ['static', 1, 2],
    ['static', 3, 4],
    ['tiered', 1, 2],
    ['tiered', 3, 4],
  ] as const)('%s mode with retry.maxRetries %d makes %d attempts', async (mode, maxRetries, attempts) => {
    // Tiered mode routes to a model other than agents.defaults.model, so the test sees the tiered router at work.
    const routing: ConfigInput['routing'] = {
      ...tiered,
      tiers: [{ name: 'only', models: ['primary/model-b'], complexityRange: [0, 1] }],
    };
    harness = await startHarness(
      { retry: { maxRetries, baseDelayMs: 1, jitter: 0 }, ...(mode === 'tiered' ? { routing } : {}) },
      { primary: failing },
    );
    const pipeline = await harness.pipeline();
    await expect(pipeline.complete(ask)).rejects.toMatchObject({ kind: 'server-error' });
    const model = mode === 'tiered' ? 'model-b' : 'model-a';
    expect(harness.primary.requests.map((request) => (request.body as { model: string }).model)).toEqual(
      Array.from({ length: attempts }, () => model),
    );
    expect(pipeline.costTracker.ledger({ senderId: 'alice' })).toHaveLength(attempts);
  });

  it('applies a provider’s own retry override over the global policy', async () => {
    harness = await startHarness(
      { retry: { maxRetries: 3, baseDelayMs: 1 }, providers: { primary: { retry: { maxRetries: 0 } } } },
      { primary: failing },
    );
    const pipeline = await harness.pipeline();
    await expect(pipeline.complete(ask)).rejects.toMatchObject({ kind: 'server-error' });
    expect(harness.primary.requests).toHaveLength(1);
  });

  it('does not retry a status left out of retryableStatusCodes', async () => {
    harness = await startHarness(
      { retry: { maxRetries: 3, baseDelayMs: 1, retryableStatusCodes: [429] } },
      { primary: failing },
    );
    const pipeline = await harness.pipeline();
    await expect(pipeline.complete(ask)).rejects.toMatchObject({ kind: 'server-error' });
    expect(harness.primary.requests).toHaveLength(1);
  });

  it('escalates a failed request one tier up and books both attempts to the sender', async () => {
    harness = await startHarness(
      {
        retry: { maxRetries: 0 },
        routing: {
          ...tiered,
          escalation: { enabled: true, confidenceThreshold: 0, onFailure: true, maxEscalations: 1 },
        },
      },
      {
        primary: [
          { type: 'status', status: 404 },
          { type: 'answer', text: 'from the high tier' },
        ],
      },
    );
    const pipeline = await harness.pipeline();
    const { response, outcome } = await pipeline.complete(ask);
    expect(response.content).toBe('from the high tier');
    expect(outcome.decision).toMatchObject({
      model: 'primary/model-b',
      tier: 'high',
      escalated: true,
      senderId: 'alice',
    });
    expect(harness.primary.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'model-a',
      'model-b',
    ]);
    expect(
      pipeline.costTracker.ledger({ senderId: 'alice' }).map((entry) => [entry.model, entry.success]),
    ).toEqual([
      ['primary/model-a', false],
      ['primary/model-b', true],
    ]);
    expect(outcome.timings.attempts.map((attempt) => attempt.model)).toEqual([
      'primary/model-a',
      'primary/model-b',
    ]);
  });

  // Issue 13: core's own fold lost these, and a user saw `gpt-4o` for `gpt-4o-2024-08-06`.
  it('returns the model the provider reported and its request id, streaming or not', async () => {
    const dated = { type: 'answer' as const, text: 'hi', model: 'model-a-2024-08-06' };
    harness = await startHarness({}, { primary: [dated, dated] });
    const pipeline = await harness.pipeline();
    for (const result of [await pipeline.complete(ask), await pipeline.stream(ask, { onPart: () => {} })]) {
      expect(result.response).toMatchObject({
        content: 'hi',
        model: 'model-a-2024-08-06',
        provider: 'primary',
        requestId: 'req_fake',
      });
    }
  });

  it('streams parts to onPart and returns the same answer', async () => {
    harness = await startHarness({}, { primary: [{ type: 'answer', text: 'a b c', chunks: 3 }] });
    const pipeline = await harness.pipeline();
    const seen: string[] = [];
    const { response } = await pipeline.stream(ask, {
      onPart: (part) => {
        if (part.type === 'text-delta') seen.push(part.text);
      },
    });
    expect(seen.join('')).toBe('a b c');
    expect(response.content).toBe('a b c');
  });

  it('hands parts to an object handler as method calls, state kept in its fields', async () => {
    harness = await startHarness({}, { primary: [{ type: 'answer', text: 'x y z', chunks: 3 }] });
    const pipeline = await harness.pipeline();
    class TextCollector {
      readonly texts: string[] = [];
      onPart(part: StreamPart): boolean {
        if (part.type === 'text-delta') this.texts.push(part.text);
        return true;
      }
    }
    const collector = new TextCollector();
    const { response } = await pipeline.stream(ask, { onPart: collector });
    expect(collector.texts.join('')).toBe('x y z');
    expect(response.content).toBe('x y z');
  });

  it('stops the call when onPart returns false, and leaves no listener on a long-lived signal', async () => {
    harness = await startHarness(
      {},
      {
        primary: [
          { type: 'answer', text: 'a b c d e f', chunks: 6, chunkDelayMs: 20 },
          { type: 'answer' },
          { type: 'answer' },
        ],
      },
    );
    const pipeline = await harness.pipeline();
    const outcomes: ResponseOutcome[] = [];
    pipeline.onOutcome((outcome) => outcomes.push(outcome));
    const lifetime = new AbortController();
    let parts = 0;
    const stopped = pipeline.stream(ask, {
      signal: lifetime.signal,
      onPart: () => {
        parts += 1;
        return parts < 2;
      },
    });
    await expect(stopped).rejects.toMatchObject({ kind: 'aborted' });
    expect(parts).toBe(2);
    await pipeline.complete(ask, { signal: lifetime.signal });
    await pipeline.complete(ask, { signal: lifetime.signal });
    expect(getEventListeners(lifetime.signal, 'abort')).toHaveLength(0);
    expect(outcomes.map((outcome) => [outcome.success, outcome.error?.kind])).toEqual([
      [false, 'aborted'],
      [true, undefined],
      [true, undefined],
    ]);
  });
});
