import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import { chatRequest, drain, type Harness, startHarness, textOf } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

const provider = () =>
  createAnthropicProvider({
    baseUrl: harness.server.anthropicBaseUrl,
    apiKey: 'sk-ant-test',
    dispatcher: harness.agent,
  });

describe('Anthropic provider over real sockets', () => {
  it('streams text, usage from message_start and message_delta, and the stop reason', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'Bonjour à tous 👋',
      chunks: 5,
      usage: { inputTokens: 30, outputTokens: 7 },
      model: 'claude-sonnet-4-5-20250929',
    });
    const parts = await drain(provider().stream(chatRequest('anthropic/claude-sonnet-4-5')));
    expect(textOf(parts)).toBe('Bonjour à tous 👋');
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 30, outputTokens: 7 },
      model: 'claude-sonnet-4-5',
      responseModel: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
    });
    await harness.closeAgentAndCheck();
  });

  it('assembles input_json_delta fragments into complete tool calls', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'Let me check.',
      toolCalls: [
        { id: 'toolu_01', name: 'read_file', arguments: { path: 'src/a.ts', lines: [1, 20] }, fragments: 6 },
      ],
    });
    const response = await provider().complete(chatRequest('claude'));
    expect(response).toMatchObject({
      content: 'Let me check.',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'toolu_01', name: 'read_file', arguments: { path: 'src/a.ts', lines: [1, 20] } }],
    });
    await harness.closeAgentAndCheck();
  });

  it('sends system separately, tool use and results as content blocks, and the version and key headers', async () => {
    await provider().complete(
      chatRequest('anthropic/claude', {
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Read it' },
          {
            role: 'assistant',
            content: 'Reading.',
            toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: { path: 'a' } }],
          },
          { role: 'tool', toolCallId: 'toolu_1', name: 'read_file', content: 'nope', isError: true },
          { role: 'user', content: 'And?' },
        ],
        tools: [{ name: 'read_file', description: 'Reads a file', parameters: { type: 'object' } }],
      }),
    );
    const [sent] = harness.server.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.body).toEqual({
      model: 'claude',
      stream: true,
      max_tokens: 4096,
      system: 'You are terse.',
      tools: [{ name: 'read_file', description: 'Reads a file', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Read it' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Reading.' },
            { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'nope', is_error: true },
            { type: 'text', text: 'And?' },
          ],
        },
      ],
    });
    await harness.closeAgentAndCheck();
  });

  it('declares assistant prefill', () => {
    expect(provider().capabilities.assistantPrefill).toBe(true);
  });
});
