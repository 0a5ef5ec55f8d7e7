import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { chatRequest, drain, type Harness, startHarness, textOf } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

const provider = (overrides: Parameters<typeof createOpenAiCompatibleProvider>[0] = {}) =>
  createOpenAiCompatibleProvider({
    id: 'openai',
    baseUrl: harness.server.openAiBaseUrl,
    apiKey: 'sk-test',
    dispatcher: harness.agent,
    ...overrides,
  });

describe('OpenAI-compatible provider over real sockets', () => {
  it('streams text deltas, a usage part from the usage-only final chunk, and a finish with the reported model', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'Hello there, friend',
      chunks: 4,
      model: 'gpt-4o-2024-08-06',
      usage: { inputTokens: 12, outputTokens: 5 },
    });
    const parts = await drain(provider().stream(chatRequest('openai/gpt-4o')));
    expect(textOf(parts)).toBe('Hello there, friend');
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(4);
    expect(parts.at(-2)).toMatchObject({ type: 'usage', usage: { inputTokens: 12, outputTokens: 5 } });
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 5 },
      model: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      provider: 'openai',
      attempt: 1,
      requestId: 'req_fake',
    });
    await harness.closeAgentAndCheck();
  });

  it('sends the model without its provider prefix, the key, tools and tool results in the OpenAI shape', async () => {
    await provider({ headers: { 'x-extra': '1' } }).complete(
      chatRequest('openai/gpt-4o', {
        messages: [
          { role: 'system', content: 'Be brief' },
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }],
          },
          { role: 'tool', toolCallId: 'call_1', name: 'get_weather', content: '4°C', isError: false },
        ],
        tools: [{ name: 'get_weather', description: 'Weather by city', parameters: { type: 'object' } }],
        maxTokens: 100,
        temperature: 0.2,
      }),
    );
    const [sent] = harness.server.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.headers['x-extra']).toBe('1');
    expect(sent?.body).toMatchObject({
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 100,
      temperature: 0.2,
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object' } },
        },
      ],
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '4°C' },
      ],
    });
    await harness.closeAgentAndCheck();
  });

  it('assembles streamed tool-call fragments and emits only complete, parsed calls', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: '',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' }, fragments: 7 },
        { id: 'call_b', name: 'get_time', arguments: {}, fragments: 1 },
      ],
    });
    const parts = await drain(provider().stream(chatRequest('gpt-4o')));
    const calls = parts.filter((part) => part.type === 'tool-call').map((part) => part.toolCall);
    expect(calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
      { id: 'call_b', name: 'get_time', arguments: {} },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
    const response = await provider().complete(chatRequest('gpt-4o'));
    expect(response).toMatchObject({
      content: 'ok',
      finishReason: 'stop',
      provider: 'openai',
      model: 'gpt-4o',
    });
    await harness.closeAgentAndCheck();
  });

  it('maps the length and content-filter finish reasons', async () => {
    harness.server.enqueue(
      { type: 'answer', finishReason: 'length' },
      { type: 'answer', finishReason: 'content_filter' },
    );
    expect((await provider().complete(chatRequest('m'))).finishReason).toBe('length');
    expect((await provider().complete(chatRequest('m'))).finishReason).toBe('content-filter');
    await harness.closeAgentAndCheck();
  });

  it('reuses keep-alive connections for consecutive calls', async () => {
    const openai = provider();
    for (let index = 0; index < 6; index += 1) await openai.complete(chatRequest('m'));
    expect(harness.server.requests).toHaveLength(6);
    // undici may open a second socket while it releases the first; it never opens one per call.
    expect(harness.server.totalConnections).toBeLessThanOrEqual(2);
    await harness.closeAgentAndCheck();
  });

  it('stops reading and frees the connection when the consumer stops early', async () => {
    harness.server.enqueue({ type: 'answer', text: 'a b c d e f', chunks: 6, chunkDelayMs: 30 });
    for await (const part of provider().stream(chatRequest('m'))) {
      expect(part.type).toBe('text-delta');
      break;
    }
    await harness.expectNothingLeft();
  });

  it('omits stream_options when streamUsage is off', async () => {
    await provider({ streamUsage: false }).complete(chatRequest('m'));
    expect(harness.server.requests[0]?.body).not.toHaveProperty('stream_options');
    await harness.closeAgentAndCheck();
  });
});

describe('usage before any output (servers that report usage on every chunk)', () => {
  const usageChunk = (content: string | undefined) =>
    `data: ${JSON.stringify({
      id: 'x',
      object: 'chat.completion.chunk',
      model: 'm',
      choices: [{ index: 0, delta: { role: 'assistant', ...(content === undefined ? {} : { content }) } }],
      usage: { prompt_tokens: 9, completion_tokens: 0, total_tokens: 9 },
    })}\n\n`;

  it('is not output: a failure after it is before-first-token and still retried', async () => {
    harness.server.enqueue({ type: 'raw', body: usageChunk(undefined) }, { type: 'answer', text: 'fine' });
    const retrying = withRetry(provider(), { maxRetries: 1, baseDelayMs: 1 }, { budget: false });
    const parts = await drain(retrying.stream(chatRequest('m')));
    expect(parts.map((part) => `${part.type}@${part.attempt}`).slice(0, 2)).toEqual(['usage@1', 'retry@1']);
    expect(parts[1]).toMatchObject({ error: { kind: 'stream-truncated', phase: 'before-first-token' } });
    expect(textOf(parts)).toBe('fine');
    expect(harness.server.requests).toHaveLength(2);
    await harness.closeAgentAndCheck();
  });
});
