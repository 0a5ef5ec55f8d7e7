import { ProviderError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { chatRequest, expectNoAbortListeners, startHarness, waitFor } from './support/harness.js';
import { FAULT_TIMEOUTS, useFaultHarness } from './support/retrying-provider.js';

const fault = useFaultHarness();

const timeouts = FAULT_TIMEOUTS;
const { retrying } = fault;

describe('failures outside the fake server’s scripted steps, through real sockets', () => {
  it('a JSON body after a 200: an error object is mapped, anything else is malformed-response', async () => {
    const json = { 'content-type': 'application/json' };
    const gatewayError = JSON.stringify({ error: { code: 502, message: 'Provider returned error' } });
    fault.harness.server.enqueue(
      { type: 'raw', headers: json, body: gatewayError },
      { type: 'raw', headers: json, body: '{"id":"x"}' },
    );
    const provider = createOpenAiCompatibleProvider({
      baseUrl: fault.harness.server.openAiBaseUrl,
      dispatcher: fault.harness.agent,
    });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({
      kind: 'server-error',
      status: 502,
    });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({ kind: 'malformed-response' });
    await fault.harness.closeAgentAndCheck();
  });

  it('an SSE event larger than maxEventBytes fails the call with malformed-response', async () => {
    const body = `data: {"choices":[{"delta":{"content":"${'x'.repeat(4096)}"}}]}\n\n`;
    fault.harness.server.enqueue({ type: 'raw', headers: { 'content-type': 'text/event-stream' }, body });
    const provider = createOpenAiCompatibleProvider({
      baseUrl: fault.harness.server.openAiBaseUrl,
      dispatcher: fault.harness.agent,
      maxEventBytes: 1024,
    });
    const error = await provider.complete(chatRequest('m')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'before-first-token' });
    expect((error as Error).cause).toMatchObject({
      name: 'SseError',
      kind: 'event-too-large',
      maxEventBytes: 1024,
    });
    await fault.harness.closeAgentAndCheck();
  });

  it('an oversized event after text in the same chunk: the text is handed over, then the call fails', async () => {
    const text = (content: string) => `data: {"choices":[{"delta":{"content":"${content}"}}]}\n\n`;
    // One write, so both events reach the parser in one chunk.
    const body = text('before') + text('x'.repeat(4096));
    fault.harness.server.enqueue({ type: 'raw', headers: { 'content-type': 'text/event-stream' }, body });
    const provider = createOpenAiCompatibleProvider({
      baseUrl: fault.harness.server.openAiBaseUrl,
      dispatcher: fault.harness.agent,
      maxEventBytes: 1024,
    });
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const part of provider.stream(chatRequest('m'))) {
        if (part.type === 'text-delta') seen.push(part.text);
      }
    } catch (caught) {
      error = caught;
    }
    expect(seen).toEqual(['before']);
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'mid-stream' });
    expect((error as Error).cause).toMatchObject({ name: 'SseError', kind: 'event-too-large' });
    await fault.harness.closeAgentAndCheck();
  });

  it('connection refused: network, retried', async () => {
    const closed = await startHarness();
    const url = closed.server.openAiBaseUrl;
    await closed.dispose();
    const provider = withRetry(
      createOpenAiCompatibleProvider({ baseUrl: url, dispatcher: fault.harness.agent, timeouts }),
      { maxRetries: 1, baseDelayMs: 1 },
      { budget: false },
    );
    const error = await provider.complete(chatRequest('m')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', phase: 'before-headers' });
    expect(ProviderError.is(error) && error.attempts).toHaveLength(2);
    expect((error as Error).message).toContain('ECONNREFUSED');
    await fault.harness.expectNothingLeft();
  });

  it('aborting mid-read ends the stream within a few ms and makes no further attempt', async () => {
    fault.harness.server.enqueue({
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
    let error: unknown;
    try {
      for await (const part of stream) {
        // The first chunk is in, so the read is mid-stream: abort while it waits on the stalled socket. A fixed
        // delay from the start raced the headers on a loaded machine (aborted before-headers).
        if (part.type === 'text-delta' && part.text === 'a') {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 50);
        }
      }
    } catch (caught) {
      error = caught;
    }
    // Well under the 10 s idle timer that would end the stall otherwise; the margin holds on a loaded machine.
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: 'aborted', phase: 'mid-stream' });
    expect(fault.harness.server.requests).toHaveLength(1);
    expectNoAbortListeners(controller.signal);
    await fault.harness.expectNothingLeft();
  });

  it('aborting before the headers cancels the request and makes no further attempt', async () => {
    fault.harness.server.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const call = retrying('openai', { timeouts: { headersMs: 10_000 } }).complete(chatRequest('m'), {
      signal: controller.signal,
    });
    // Aborted once the server holds the request (it never answers): a fixed delay lost the race on a loaded machine.
    await waitFor(
      () => fault.harness.server.requests.length === 1,
      'the request to reach the server',
      10_000,
    );
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'aborted', phase: 'before-headers' });
    expect(fault.harness.server.requests).toHaveLength(1);
    await fault.harness.expectNothingLeft();
  });
});
