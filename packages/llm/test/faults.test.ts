import { ProviderError, type StreamPart } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import type { HttpProviderOptions } from '../src/providers/create-http-provider.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import type { FakeStep } from '../src/testing/index.js';
import {
  chatRequest,
  drain,
  drainUntilError,
  expectNoAbortListeners,
  type Harness,
  startHarness,
  textOf,
} from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

const timeouts = { headersMs: 300, firstTokenMs: 300, idleMs: 300, totalMs: 5000 };

function retrying(api: 'openai' | 'anthropic', options: Partial<HttpProviderOptions> = {}, maxRetries = 1) {
  const common = { dispatcher: harness.agent, timeouts, ...options };
  const inner =
    api === 'openai'
      ? createOpenAiCompatibleProvider({ baseUrl: harness.server.openAiBaseUrl, ...common })
      : createAnthropicProvider({ baseUrl: harness.server.anthropicBaseUrl, ...common });
  return withRetry(inner, { maxRetries, baseDelayMs: 5, jitter: 0 }, { budget: false });
}

/** Runs a stream that must fail; returns the error and parts, checking the signal has no listener left. */
async function failingStream(
  api: 'openai' | 'anthropic',
  steps: FakeStep[],
  options: Partial<HttpProviderOptions> = {},
) {
  harness.server.enqueue(...steps);
  const controller = new AbortController();
  const result = await drainUntilError(
    retrying(api, options).stream(chatRequest('m'), { signal: controller.signal }),
  );
  expectNoAbortListeners(controller.signal);
  if (!ProviderError.is(result.error)) throw result.error;
  return { error: result.error, parts: result.parts };
}

const retries = (parts: StreamPart[]) => parts.filter((part) => part.type === 'retry').length;

describe('every fault of the fake server, through real sockets', () => {
  it('status 503 with Retry-After: overloaded, retried, then failed with both attempts', async () => {
    const step: FakeStep = { type: 'status', status: 503, headers: { 'retry-after-ms': '20' } };
    const { error, parts } = await failingStream('openai', [step, step]);
    expect(error).toMatchObject({
      kind: 'overloaded',
      status: 503,
      retryAfterMs: 20,
      phase: 'before-first-token',
    });
    expect(error.attempts).toHaveLength(2);
    expect(harness.server.requests).toHaveLength(2);
    expect(retries(parts)).toBe(1);
    await harness.closeAgentAndCheck();
  });

  it('reset before headers: network, retried', async () => {
    const { error } = await failingStream('openai', [{ type: 'reset' }, { type: 'reset' }]);
    expect(error).toMatchObject({ kind: 'network', phase: 'before-headers' });
    expect(error.attempts).toHaveLength(2);
    expect(harness.server.requests).toHaveLength(2);
    await harness.expectNothingLeft();
  });

  it('no response: the headers timer fires, the socket is destroyed, retried', async () => {
    const { error } = await failingStream('openai', [{ type: 'hang' }, { type: 'hang' }]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'headers', phase: 'before-headers' });
    expect(error.attempts).toHaveLength(2);
    await harness.expectNothingLeft();
  });

  it('slow first token: the first-token timer fires, retried', async () => {
    const slow: FakeStep = { type: 'answer', text: 'late', firstTokenDelayMs: 2000 };
    const { error } = await failingStream('anthropic', [slow, slow]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'first-token', phase: 'before-first-token' });
    expect(error.attempts).toHaveLength(2);
    await harness.expectNothingLeft();
  });

  it('cut mid-stream: stream-truncated after the output, not retried', async () => {
    const { error, parts } = await failingStream('openai', [
      { type: 'answer', text: 'abcdef', chunks: 6, cutAfterChunks: 3 },
    ]);
    expect(error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('abc');
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });

  it('cut before any output: stream-truncated, retried, then answered', async () => {
    harness.server.enqueue(
      { type: 'answer', text: 'abc', chunks: 3, cutAfterChunks: 0 },
      { type: 'answer', text: 'fine' },
    );
    const parts = await drain(retrying('anthropic').stream(chatRequest('m')));
    expect(parts[0]).toMatchObject({ type: 'retry', error: { kind: 'stream-truncated' } });
    expect(textOf(parts)).toBe('fine');
    expect(harness.server.requests).toHaveLength(2);
    await harness.closeAgentAndCheck();
  });

  it('stall with keepalives after output: the idle timer fires although keepalives keep arriving', async () => {
    const stall: FakeStep = {
      type: 'answer',
      text: 'abcd',
      chunks: 4,
      stallAfterChunks: 2,
      keepaliveEveryMs: 30,
    };
    const { error, parts } = await failingStream('openai', [stall]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'idle', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('ab');
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });

  it('stall with keepalives before output: the first-token timer fires, retried', async () => {
    const stall: FakeStep = { type: 'answer', text: 'ab', stallAfterChunks: 0, keepaliveEveryMs: 30 };
    const { error } = await failingStream('anthropic', [stall, stall]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'first-token' });
    expect(error.attempts).toHaveLength(2);
    await harness.expectNothingLeft();
  });

  it('a consumer slower than idleMs does not trip the idle timer', async () => {
    harness.server.enqueue({ type: 'answer', text: 'abc', chunks: 3, chunkDelayMs: 10 });
    const provider = retrying('openai', { timeouts: { ...timeouts, idleMs: 50 } });
    const texts: string[] = [];
    for await (const part of provider.stream(chatRequest('m'))) {
      if (part.type === 'text-delta') texts.push(part.text);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    expect(texts).toEqual(['a', 'b', 'c']);
    await harness.closeAgentAndCheck();
  });

  it('a stream that never pauses but outlasts totalMs: the total timer fires', async () => {
    const slow: FakeStep = { type: 'answer', text: 'x'.repeat(40), chunks: 40, chunkDelayMs: 20 };
    const { error, parts } = await failingStream('openai', [slow], {
      timeouts: { ...timeouts, totalMs: 250 },
    });
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'total', phase: 'mid-stream' });
    expect(textOf(parts).length).toBeGreaterThan(0);
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });

  it('malformed event: skipped and counted, the answer completes', async () => {
    harness.server.enqueue({ type: 'answer', text: 'abcd', chunks: 4, malformedAfterChunks: 2 });
    const skipped: string[] = [];
    const provider = retrying('openai', { onMalformedEvent: (event) => skipped.push(event.data) });
    const parts = await drain(provider.stream(chatRequest('m')));
    expect(textOf(parts)).toBe('abcd');
    expect(skipped).toHaveLength(1);
    expect(harness.server.requests).toHaveLength(1);
    await harness.closeAgentAndCheck();
  });

  it('malformed events beyond the limit: malformed-response, retried before output', async () => {
    const bad: FakeStep = { type: 'answer', text: 'ab', chunks: 2, malformedAfterChunks: 0 };
    const { error } = await failingStream('openai', [bad, bad], { maxMalformedEvents: 0 });
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'before-first-token' });
    expect(error.attempts).toHaveLength(2);
    await harness.closeAgentAndCheck();
  });

  it('missing [DONE] on a complete stream: finishes promptly with its usage', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'done',
      omitDone: true,
      usage: { inputTokens: 3, outputTokens: 1 },
    });
    const started = performance.now();
    const parts = await drain(retrying('openai').stream(chatRequest('m')));
    expect(performance.now() - started).toBeLessThan(timeouts.idleMs);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 3, outputTokens: 1 } });
    expect(harness.server.requests).toHaveLength(1);
    await harness.closeAgentAndCheck();
  });

  it('a stream that closes without any terminal event is stream-truncated, never a success', async () => {
    const raw = 'data: {"choices":[{"index":0,"delta":{"content":"partial"}}]}\n\n';
    const { error } = await failingStream('openai', [
      { type: 'raw', body: raw },
      { type: 'raw', body: raw },
    ]);
    expect(error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(harness.server.requests).toHaveLength(1);
    await harness.closeAgentAndCheck();
  });

  it('in-band error before output (OpenAI shape): mapped from the payload, retried', async () => {
    const inBand: FakeStep = {
      type: 'answer',
      errorAfterChunks: 0,
      error: { code: 'rate_limit_exceeded', message: 'slow down' },
    };
    const { error } = await failingStream('openai', [inBand, inBand]);
    expect(error).toMatchObject({ kind: 'rate-limited', phase: 'before-first-token' });
    expect(error.attempts).toHaveLength(2);
    await harness.closeAgentAndCheck();
  });

  it('in-band overloaded_error after output (Anthropic): overloaded, mid-stream, not retried', async () => {
    const { error, parts } = await failingStream('anthropic', [
      { type: 'answer', text: 'abc', chunks: 3, errorAfterChunks: 2 },
    ]);
    expect(error).toMatchObject({ kind: 'overloaded', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('a');
    expect(harness.server.requests).toHaveLength(1);
    await harness.closeAgentAndCheck();
  });

  it('a JSON body after a 200: an error object is mapped, anything else is malformed-response', async () => {
    const json = { 'content-type': 'application/json' };
    const gatewayError = JSON.stringify({ error: { code: 502, message: 'Provider returned error' } });
    harness.server.enqueue(
      { type: 'raw', headers: json, body: gatewayError },
      { type: 'raw', headers: json, body: '{"id":"x"}' },
    );
    const provider = createOpenAiCompatibleProvider({
      baseUrl: harness.server.openAiBaseUrl,
      dispatcher: harness.agent,
    });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({
      kind: 'server-error',
      status: 502,
    });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({ kind: 'malformed-response' });
    await harness.closeAgentAndCheck();
  });

  it('connection refused: network, retried', async () => {
    const closed = await startHarness();
    const url = closed.server.openAiBaseUrl;
    await closed.dispose();
    const provider = withRetry(
      createOpenAiCompatibleProvider({ baseUrl: url, dispatcher: harness.agent, timeouts }),
      { maxRetries: 1, baseDelayMs: 1 },
      { budget: false },
    );
    const error = await provider.complete(chatRequest('m')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', phase: 'before-headers' });
    expect(ProviderError.is(error) && error.attempts).toHaveLength(2);
    expect((error as Error).message).toContain('ECONNREFUSED');
    await harness.expectNothingLeft();
  });

  it('aborting mid-read ends the stream within a few ms and makes no further attempt', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'ab',
      chunks: 2,
      stallAfterChunks: 1,
      keepaliveEveryMs: 20,
    });
    const controller = new AbortController();
    const stream = retrying('openai', { timeouts: { idleMs: 10_000 } }).stream(chatRequest('m'), {
      signal: controller.signal,
    });
    let abortedAt = 0;
    const result = drainUntilError(stream);
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 100);
    const { error } = await result;
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(error).toMatchObject({ kind: 'aborted', phase: 'mid-stream' });
    expect(harness.server.requests).toHaveLength(1);
    expectNoAbortListeners(controller.signal);
    await harness.expectNothingLeft();
  });

  it('aborting before the headers cancels the request and makes no further attempt', async () => {
    harness.server.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const call = retrying('openai', { timeouts: { headersMs: 10_000 } }).complete(chatRequest('m'), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ kind: 'aborted', phase: 'before-headers' });
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });
});
