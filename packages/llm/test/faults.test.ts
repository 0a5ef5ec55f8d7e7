import { ProviderError, type StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { HttpProviderOptions } from '../src/providers/create-http-provider.js';
import type { FakeStep } from '../src/testing/index.js';
import { chatRequest, drain, drainUntilError, expectNoAbortListeners, textOf } from './support/harness.js';
import { FAULT_TIMEOUTS, useFaultHarness } from './support/retrying-provider.js';

const fault = useFaultHarness();

const timeouts = FAULT_TIMEOUTS;
const { retrying } = fault;

/** Runs a stream that must fail; returns the error and parts, checking the signal has no listener left. */
async function failingStream(
  api: 'openai' | 'anthropic',
  steps: FakeStep[],
  options: Partial<HttpProviderOptions> = {},
) {
  fault.harness.server.enqueue(...steps);
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
    expect(fault.harness.server.requests).toHaveLength(2);
    expect(retries(parts)).toBe(1);
    await fault.harness.closeAgentAndCheck();
  });

  it('reset before headers: network, retried', async () => {
    const { error } = await failingStream('openai', [{ type: 'reset' }, { type: 'reset' }]);
    expect(error).toMatchObject({ kind: 'network', phase: 'before-headers' });
    expect(error.attempts).toHaveLength(2);
    expect(fault.harness.server.requests).toHaveLength(2);
    await fault.harness.expectNothingLeft();
  });

  it('no response: the headers timer fires, the socket is destroyed, retried', async () => {
    const { error } = await failingStream('openai', [{ type: 'hang' }, { type: 'hang' }]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'headers', phase: 'before-headers' });
    expect(error.attempts).toHaveLength(2);
    await fault.harness.expectNothingLeft();
  });

  it('slow first token: the first-token timer fires, retried', async () => {
    const slow: FakeStep = { type: 'answer', text: 'late', firstTokenDelayMs: 2000 };
    const { error } = await failingStream('anthropic', [slow, slow]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'first-token', phase: 'before-first-token' });
    expect(error.attempts).toHaveLength(2);
    await fault.harness.expectNothingLeft();
  });

  it('cut mid-stream: stream-truncated after the output, not retried', async () => {
    const { error, parts } = await failingStream('openai', [
      { type: 'answer', text: 'abcdef', chunks: 6, cutAfterChunks: 3 },
    ]);
    expect(error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('abc');
    expect(error.attempts).toHaveLength(1);
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.expectNothingLeft();
  });

  it('cut before any output: stream-truncated, retried, then answered', async () => {
    fault.harness.server.enqueue(
      { type: 'answer', text: 'abc', chunks: 3, cutAfterChunks: 0 },
      { type: 'answer', text: 'fine' },
    );
    const parts = await drain(retrying('anthropic').stream(chatRequest('m')));
    expect(parts[0]).toMatchObject({ type: 'retry', error: { kind: 'stream-truncated' } });
    expect(textOf(parts)).toBe('fine');
    expect(fault.harness.server.requests).toHaveLength(2);
    await fault.harness.closeAgentAndCheck();
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
    expect(error.attempts).toHaveLength(1);
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.expectNothingLeft();
  });

  it('stall with keepalives before output: the first-token timer fires, retried', async () => {
    const stall: FakeStep = { type: 'answer', text: 'ab', stallAfterChunks: 0, keepaliveEveryMs: 30 };
    const { error } = await failingStream('anthropic', [stall, stall]);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'first-token' });
    expect(error.attempts).toHaveLength(2);
    await fault.harness.expectNothingLeft();
  });

  it('a consumer slower than idleMs does not trip the idle timer', async () => {
    fault.harness.server.enqueue({ type: 'answer', text: 'abc', chunks: 3, chunkDelayMs: 10 });
    // The server's 10 ms chunk gaps stay well under idleMs even when a loaded machine delays them.
    const provider = retrying('openai', { timeouts: { ...timeouts, idleMs: 200 } });
    const texts: string[] = [];
    for await (const part of provider.stream(chatRequest('m'))) {
      if (part.type === 'text-delta') texts.push(part.text);
      await new Promise((resolve) => setTimeout(resolve, 450));
    }
    expect(texts).toEqual(['a', 'b', 'c']);
    await fault.harness.closeAgentAndCheck();
  });

  it('a stream that never pauses but outlasts totalMs: the total timer fires', async () => {
    // 8 s of output against a 2 s total: the first chunks arrive well before the timer even on a loaded machine.
    const slow: FakeStep = { type: 'answer', text: 'x'.repeat(400), chunks: 400, chunkDelayMs: 20 };
    const { error, parts } = await failingStream('openai', [slow], {
      timeouts: { ...timeouts, totalMs: 2_000 },
    });
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'total', phase: 'mid-stream' });
    expect(textOf(parts).length).toBeGreaterThan(0);
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.expectNothingLeft();
  });

  it('malformed event mid-stream: a failed attempt by default (malformed-response), never a success with output missing', async () => {
    const { error, parts } = await failingStream('openai', [
      { type: 'answer', text: 'abcd', chunks: 4, malformedAfterChunks: 2 },
    ]);
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('ab');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    await fault.harness.closeAgentAndCheck();
  });

  it('malformed event before output: retried from scratch like a cut stream', async () => {
    const broken: FakeStep = { type: 'answer', text: 'abcd', chunks: 4, malformedAfterChunks: 0 };
    fault.harness.server.enqueue(broken, { type: 'answer', text: 'abcd', chunks: 4 });
    const parts = await drain(retrying('openai').stream(chatRequest('m')));
    expect(textOf(parts)).toBe('abcd');
    expect(parts.filter((part) => part.type === 'retry')).toHaveLength(1);
    expect(fault.harness.server.requests).toHaveLength(2);
    await fault.harness.closeAgentAndCheck();
  });

  it('malformed event in tolerant mode: skipped, and the finish part and the response count it', async () => {
    const broken: FakeStep = { type: 'answer', text: 'abcd', chunks: 4, malformedAfterChunks: 2 };
    fault.harness.server.enqueue(broken, broken);
    const skipped: string[] = [];
    const provider = retrying('openai', {
      maxMalformedEvents: 1,
      onMalformedEvent: (event) => skipped.push(event.data),
    });
    const parts = await drain(provider.stream(chatRequest('m')));
    expect(textOf(parts)).toBe('abcd');
    expect(parts.find((part) => part.type === 'finish')).toMatchObject({ droppedEvents: 1 });
    expect(await provider.complete(chatRequest('m'))).toMatchObject({ content: 'abcd', droppedEvents: 1 });
    expect(skipped).toHaveLength(2);
    await fault.harness.closeAgentAndCheck();
  });

  it('malformed events beyond the limit: malformed-response, retried before output', async () => {
    const bad: FakeStep = { type: 'answer', text: 'ab', chunks: 2, malformedAfterChunks: 0 };
    const { error } = await failingStream('openai', [bad, bad], { maxMalformedEvents: 0 });
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'before-first-token' });
    expect(error.attempts).toHaveLength(2);
    await fault.harness.closeAgentAndCheck();
  });

  it('missing [DONE] on a complete stream: finishes promptly with its usage', async () => {
    fault.harness.server.enqueue({
      type: 'answer',
      text: 'done',
      omitDone: true,
      usage: { inputTokens: 3, outputTokens: 1 },
    });
    // A client waiting for [DONE] would sit until the idle timer (10 s) and fail; a prompt finish takes milliseconds.
    const started = performance.now();
    const parts = await drain(
      retrying('openai', { timeouts: { ...timeouts, idleMs: 10_000 } }).stream(chatRequest('m')),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 3, outputTokens: 1 } });
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.closeAgentAndCheck();
  });

  it('a stream that closes without any terminal event is stream-truncated, never a success', async () => {
    const raw = 'data: {"choices":[{"index":0,"delta":{"content":"partial"}}]}\n\n';
    const { error } = await failingStream('openai', [
      { type: 'raw', body: raw },
      { type: 'raw', body: raw },
    ]);
    expect(error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.closeAgentAndCheck();
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
    await fault.harness.closeAgentAndCheck();
  });

  it('in-band overloaded_error after output (Anthropic): overloaded, mid-stream, not retried', async () => {
    const { error, parts } = await failingStream('anthropic', [
      { type: 'answer', text: 'abc', chunks: 3, errorAfterChunks: 2 },
    ]);
    expect(error).toMatchObject({ kind: 'overloaded', phase: 'mid-stream' });
    expect(textOf(parts)).toBe('a');
    expect(error.attempts).toHaveLength(1);
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.closeAgentAndCheck();
  });
});
