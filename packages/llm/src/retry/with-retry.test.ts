import {
  type ChatRequest,
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from '@clawft/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectResponse } from '../providers/collect-response.js';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';
import { processRetryBudget, RetryBudgetBucket } from './retry-budget.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { type RetryEvent, withRetry } from './with-retry.js';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};

type Outcome =
  | { fail: ProviderErrorKind; status?: number; retryAfterMs?: number; afterText?: string }
  | { text: string };

/** An in-memory provider answering each call with the next outcome. */
function scripted(outcomes: Outcome[]): LlmProvider & { calls: number } {
  const provider = {
    id: 'mem',
    capabilities: { assistantPrefill: false },
    calls: 0,
    async *stream(_request: ChatRequest, options: ProviderCallOptions = {}): AsyncGenerator<StreamPart> {
      const outcome = outcomes[provider.calls] ?? { text: 'ok' };
      provider.calls += 1;
      const origin = { attempt: options.attempt ?? 1, provider: 'mem', model: 'm' };
      if ('text' in outcome) {
        yield { type: 'text-delta', text: outcome.text, ...origin };
        const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
        yield { type: 'finish', finishReason: 'stop', usage, ...origin };
        return;
      }
      if (outcome.afterText) yield { type: 'text-delta', text: outcome.afterText, ...origin };
      const { fail, afterText: _afterText, ...rest } = outcome;
      throw new ProviderError({
        kind: fail,
        provider: 'mem',
        model: 'm',
        phase: 'before-first-token',
        message: fail,
        ...rest,
      });
    },
    complete: (req: ChatRequest, options?: ProviderCallOptions) =>
      collectResponse(provider.stream(req, options)),
  };
  return provider;
}

async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const fast = { baseDelayMs: 1, jitter: 0 };

afterEach(() => {
  vi.useRealTimers();
});

describe('withRetry', () => {
  it('retries a stream that fails before its first part, announcing each retry as a part and to onRetry', async () => {
    const inner = scripted([{ fail: 'overloaded', status: 529 }, { fail: 'network' }, { text: 'hello' }]);
    const events: RetryEvent[] = [];
    const parts = await drain(
      withRetry(inner, fast, { budget: false, onRetry: (event) => events.push(event) }).stream(request),
    );
    expect(parts.map((part) => `${part.type}@${part.attempt}`)).toEqual([
      'retry@1',
      'retry@2',
      'text-delta@3',
      'finish@3',
    ]);
    expect(events.map((event) => [event.attempt, event.error.kind])).toEqual([
      [1, 'overloaded'],
      [2, 'network'],
    ]);
    expect(inner.calls).toBe(3);
  });

  it('hands every part, retry parts included, to onPart when stream is called detached from the wrapper', async () => {
    const inner = scripted([{ fail: 'overloaded', status: 529 }, { text: 'hello' }]);
    const { stream } = withRetry(inner, fast, { budget: false });
    const handled: string[] = [];
    const yielded = await drain(
      stream(request, { onPart: (part) => void handled.push(`${part.type}@${part.attempt}`) }),
    );
    expect(handled).toEqual(['retry@1', 'text-delta@2', 'finish@2']);
    expect(yielded.map((part) => `${part.type}@${part.attempt}`)).toEqual(handled);
    expect(inner.calls).toBe(2);
  });

  it('stops the retries when onPart returns false on a retry part', async () => {
    const inner = scripted([{ fail: 'overloaded', status: 529 }, { text: 'never' }]);
    const { stream } = withRetry(inner, { ...fast, baseDelayMs: 10_000 }, { budget: false });
    const started = performance.now();
    const yielded = await drain(stream(request, { onPart: (part) => part.type !== 'retry' }));
    expect(yielded).toEqual([]);
    expect(inner.calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('does not retry a stream that already produced output', async () => {
    const inner = scripted([{ fail: 'stream-truncated', afterText: 'half' }, { text: 'never' }]);
    const provider = withRetry(inner, fast, { budget: false });
    await expect(drain(provider.stream(request))).rejects.toMatchObject({ kind: 'stream-truncated' });
    expect(inner.calls).toBe(1);
  });

  it('lists every attempt on a stream that fails after output, the retried ones before it included', async () => {
    const inner = scripted([
      { fail: 'overloaded', status: 529 },
      { fail: 'stream-truncated', afterText: 'half' },
    ]);
    const error = await drain(withRetry(inner, fast, { budget: false }).stream(request)).catch(
      (e: unknown) => e,
    );
    expect(ProviderError.is(error) && error.attempts?.map((attempt) => attempt.kind)).toEqual([
      'overloaded',
      'stream-truncated',
    ]);
  });

  it('gives up after maxRetries with every failed attempt listed', async () => {
    const inner = scripted([
      { fail: 'server-error', status: 500 },
      { fail: 'server-error', status: 502 },
      { fail: 'server-error', status: 503 },
    ]);
    const error = await drain(
      withRetry(inner, { ...fast, maxRetries: 2 }, { budget: false }).stream(request),
    ).catch((e) => e);
    expect(ProviderError.is(error) && error.attempts.map((attempt) => attempt.status)).toEqual([
      500, 502, 503,
    ]);
    expect(inner.calls).toBe(3);
  });

  it('retries complete() the same way and returns the answer', async () => {
    const inner = scripted([{ fail: 'rate-limited', status: 429 }, { text: 'done' }]);
    const response = await withRetry(inner, fast, { budget: false }).complete(request);
    expect(response.content).toBe('done');
    expect(inner.calls).toBe(2);
  });

  it('never retries a non-retryable kind', async () => {
    const inner = scripted([{ fail: 'auth-failed', status: 401 }]);
    await expect(withRetry(inner, fast, { budget: false }).complete(request)).rejects.toMatchObject({
      kind: 'auth-failed',
    });
    expect(inner.calls).toBe(1);
  });

  it('waits the exponential backoff between attempts', async () => {
    vi.useFakeTimers();
    const inner = scripted([{ fail: 'network' }, { fail: 'network' }, { text: 'ok' }]);
    const done = withRetry(inner, { baseDelayMs: 1000, jitter: 0 }, { budget: false }).complete(request);
    await vi.advanceTimersByTimeAsync(999);
    expect(inner.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(inner.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(inner.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ content: 'ok' });
  });

  it('stops waiting as soon as the signal aborts and makes no further attempt', async () => {
    const inner = scripted([{ fail: 'network' }, { text: 'late' }]);
    const controller = new AbortController();
    const call = withRetry(inner, { baseDelayMs: 10_000, jitter: 0 }, { budget: false }).complete(request, {
      signal: controller.signal,
    });
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 20);
    await expect(call).rejects.toMatchObject({ kind: 'aborted' });
    // Well under the 10 s backoff it cuts short; the margin holds on a loaded machine.
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(inner.calls).toBe(1);
  });

  it('fails at once, marked retryWaitTooLong, when the deadline is shorter than the wait', async () => {
    const inner = scripted([{ fail: 'rate-limited', status: 429, retryAfterMs: 5000 }]);
    const error = await withRetry(inner, fast, { budget: false, deadlineMs: 1000 })
      .complete(request)
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate-limited', retryWaitTooLong: true });
    expect(inner.calls).toBe(1);
  });

  it('spends the shared budget and refills it on success', async () => {
    const budget = new RetryBudgetBucket({ maxTokens: 4, tokenRatio: 0.5 });
    const inner = scripted([{ fail: 'network' }, { fail: 'network' }, { fail: 'network' }]);
    await expect(
      withRetry(inner, { ...fast, maxRetries: 5 }, { budget }).complete(request),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(inner.calls).toBe(3);
    expect(budget.tokens).toBe(2);
  });
});

describe('withRetry and the process-wide retry budget', () => {
  afterEach(() => {
    processRetryBudget({});
  });

  it('keeps the budget settings explicitly configured: a withRetry with a (resolved) policy changes nothing', () => {
    processRetryBudget({ maxTokens: 4, tokenRatio: 0 });
    withRetry(scripted([]), resolveRetryPolicy({ maxRetries: 1 }));
    withRetry(scripted([]), { budget: { maxTokens: 1000 } });
    const budget = processRetryBudget();
    // maxTokens 4: retries are allowed while at least 2 tokens would remain, so exactly two.
    expect([budget.tryAcquire(), budget.tryAcquire(), budget.tryAcquire()]).toEqual([true, true, false]);
  });
});
