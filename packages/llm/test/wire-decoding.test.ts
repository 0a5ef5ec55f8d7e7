import { gzipSync } from 'node:zlib';
import { ProviderError, type StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import type { FakeStep } from '../src/testing/index.js';
import { chatRequest, drain, drainUntilError, textOf } from './support/harness.js';
import { useFaultHarness } from './support/retrying-provider.js';

const fault = useFaultHarness();
/** Wide timers: these tests are about bytes, not time (the machine may be loaded). */
const TIMEOUTS = { headersMs: 10_000, firstTokenMs: 10_000, idleMs: 10_000, totalMs: 30_000 };
const sse = (...events: string[]) => events.join('');
const data = (value: unknown) => `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  data({ model: 'm', choices: [{ delta, finish_reason: finish }] });
const raw = (
  body: string,
  headers: Record<string, string> = { 'content-type': 'text/event-stream' },
): FakeStep => ({
  type: 'raw',
  body,
  headers,
});

function openai(options: Parameters<typeof createOpenAiCompatibleProvider>[0] = {}) {
  return createOpenAiCompatibleProvider({
    baseUrl: fault.harness.server.openAiBaseUrl,
    dispatcher: fault.harness.agent,
    timeouts: TIMEOUTS,
    ...options,
  });
}

function anthropic(options: Parameters<typeof createAnthropicProvider>[0] = {}) {
  return createAnthropicProvider({
    baseUrl: fault.harness.server.anthropicBaseUrl,
    dispatcher: fault.harness.agent,
    timeouts: TIMEOUTS,
    ...options,
  });
}

const anthropicEvent = (type: string, body: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
const anthropicStart = anthropicEvent('message_start', {
  message: { model: 'claude', usage: { input_tokens: 3 } },
});
const anthropicText = (text: string) =>
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
const anthropicEnd =
  anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) +
  anthropicEvent('message_stop');

describe('a programming error is never retried or failed over (H1.2)', () => {
  it('a request that cannot be serialised is rethrown as it is by the provider, withRetry and withFailover', async () => {
    // Valid by the schema (a tool's JSON Schema is any record), but JSON.stringify throws on the BigInt: a bug
    // on the caller's side, not an I/O failure. (A value the schema refuses is `invalid-request`, never retried.)
    const tool = { name: 'count', description: 'counts', parameters: { type: 'object', maximum: 1n } };
    const request = chatRequest('m', { tools: [tool] });
    const bare = openai();
    const retried = withRetry(bare, { maxRetries: 3, baseDelayMs: 1 }, { budget: false });
    const failover = withFailover([retried, openai({ id: 'second' })]);
    for (const provider of [bare, retried, failover]) {
      const { error } = await drainUntilError(provider.stream(request));
      expect(ProviderError.is(error)).toBe(false);
      expect(error).toBeInstanceOf(TypeError);
      await expect(provider.complete(request)).rejects.toBeInstanceOf(TypeError);
    }
    expect(fault.harness.server.requests).toHaveLength(0);
  });
});

describe('Anthropic forward compatibility (H1.8)', () => {
  it('unknown event types and data-only pings are ignored and counted', async () => {
    const unknown = ['thinking_summary', 'citation_added', 'future_a', 'future_b']
      .map((type) => anthropicEvent(type, { index: 0 }))
      .join('');
    fault.harness.server.enqueue(
      raw(
        sse(
          anthropicStart,
          data({ type: 'ping' }),
          unknown,
          anthropicText('hi'),
          data({ type: 'ping' }),
          anthropicEnd,
        ),
      ),
    );
    const ignored: string[] = [];
    const parts = await drain(
      anthropic({ onIgnoredEvent: (event) => ignored.push(event.event) }).stream(chatRequest('m')),
    );
    expect(textOf(parts)).toBe('hi');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(ignored).toHaveLength(4);
  });

  it('empty text deltas are not output and do not keep a dead stream alive', async () => {
    const empty = anthropicText('');
    const empties = Array.from({ length: 600 }, () => empty).join('');
    const head = sse(anthropicStart, anthropicText('a'));
    fault.harness.server.enqueue({
      type: 'raw',
      body: head + empties,
      headers: { 'content-type': 'text/event-stream' },
      // One empty delta every 10 ms after the first text, for about 3 s, then the body stays open.
      pieceBytes: Buffer.byteLength(head),
      pieceDelayMs: 10,
      keepOpen: true,
    });
    const started = performance.now();
    const { error, parts } = await drainUntilError(
      anthropic({ timeouts: { ...TIMEOUTS, idleMs: 200 } }).stream(chatRequest('m')),
    );
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 'idle', phase: 'mid-stream' });
    // The idle timer fired while the empty deltas were still arriving (they last about 3 s; the timer is 200 ms).
    expect(performance.now() - started).toBeLessThan(2500);
  });
});

describe('bodies that are not an event stream (H1.9)', () => {
  it('a 200 text/html page is malformed-response quoting the start of the body', async () => {
    fault.harness.server.enqueue(
      raw('<html><body>Please log in to the proxy</body></html>', { 'content-type': 'text/html' }),
    );
    const { error } = await drainUntilError(openai().stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'malformed-response', phase: 'before-first-token' });
    expect((error as ProviderError).message).toContain('Please log in to the proxy');
  });

  it('the quoted body is redacted', async () => {
    fault.harness.server.enqueue(raw('echo: sk-secret-123', { 'content-type': 'text/plain' }));
    const { error } = await drainUntilError(openai({ apiKey: 'sk-secret-123' }).stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'malformed-response' });
    expect((error as ProviderError).message).not.toContain('sk-secret-123');
  });

  it('asks for identity encoding, and a gzip-encoded 400 is still classified by its body', async () => {
    const body = JSON.stringify({ error: { code: 'context_length_exceeded', message: 'too long' } });
    fault.harness.server.enqueue({
      type: 'raw',
      status: 400,
      body: gzipSync(body),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    const { error } = await drainUntilError(openai().stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'context-length-exceeded', status: 400 });
    expect(fault.harness.server.requests[0]?.headers['accept-encoding']).toBe('identity');
  });

  it('a gzip-encoded event stream is decoded', async () => {
    const body = sse(chunk({ content: 'zip' }), chunk({}, 'stop'), data('[DONE]'));
    fault.harness.server.enqueue({
      type: 'raw',
      body: gzipSync(body),
      headers: { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' },
    });
    expect(textOf(await drain(openai().stream(chatRequest('m'))))).toBe('zip');
  });
});

describe('apiBase with a query string (H1.10)', () => {
  it('appends the path to the pathname and keeps the query', async () => {
    fault.harness.server.enqueue({ type: 'answer', text: 'ok' });
    const baseUrl = `${fault.harness.server.openAiBaseUrl}/?api-version=2024-10-21&key=abc`;
    expect(textOf(await drain(openai({ baseUrl }).stream(chatRequest('m'))))).toBe('ok');
    expect(fault.harness.server.requests[0]?.path).toBe(
      '/v1/chat/completions?api-version=2024-10-21&key=abc',
    );
  });
});

describe('tool-call fragments without index (H1.11)', () => {
  it('a fragment with a new id starts a new call', async () => {
    const call = (id: string | undefined, name: string | undefined, args: string) =>
      chunk({ tool_calls: [{ ...(id && { id }), function: { ...(name && { name }), arguments: args } }] });
    fault.harness.server.enqueue(
      raw(
        sse(
          call('call_a', 'read_file', '{"path":'),
          call(undefined, undefined, '"a.txt"}'),
          call('call_b', 'list_dir', '{"dir":"."}'),
          chunk({}, 'tool_calls'),
          data('[DONE]'),
        ),
      ),
    );
    const parts = await drain(openai().stream(chatRequest('m')));
    const calls = parts.flatMap((part: StreamPart) => (part.type === 'tool-call' ? [part.toolCall] : []));
    expect(calls).toEqual([
      { id: 'call_a', name: 'read_file', arguments: { path: 'a.txt' } },
      { id: 'call_b', name: 'list_dir', arguments: { dir: '.' } },
    ]);
  });
});

describe('event: error with data that is not JSON (H1.12)', () => {
  it('OpenAI-compatible: an in-band error carrying the text', async () => {
    fault.harness.server.enqueue(
      raw(sse(chunk({ content: 'x' }), 'event: error\ndata: upstream exploded\n\n')),
    );
    const { error } = await drainUntilError(openai().stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'server-error', phase: 'mid-stream' });
    expect((error as ProviderError).message).toContain('upstream exploded');
  });

  it('Anthropic: an in-band error carrying the text', async () => {
    fault.harness.server.enqueue(raw(sse(anthropicStart, 'event: error\ndata: Overloaded, try later\n\n')));
    const { error } = await drainUntilError(anthropic().stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'server-error', phase: 'before-first-token' });
    expect((error as ProviderError).message).toContain('Overloaded, try later');
  });
});
