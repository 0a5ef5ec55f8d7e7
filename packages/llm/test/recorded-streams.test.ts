import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { chatRequest, drain, type Harness, startHarness, textOf } from './support/harness.js';

const fixture = (name: string) => readFile(new URL(`./__fixtures__/${name}`, import.meta.url));

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

describe('recorded streams served in 7-byte pieces (UTF-8 and CRLF split across reads)', () => {
  it('reads an OpenRouter stream: comments, reasoning, parallel tool calls, usage-only chunk, CRLF', async () => {
    harness.server.enqueue({ type: 'raw', body: await fixture('openrouter-tools-crlf.sse'), pieceBytes: 7 });
    const provider = createOpenAiCompatibleProvider({
      id: 'openrouter',
      baseUrl: harness.server.openAiBaseUrl,
      dispatcher: harness.agent,
    });
    const parts = await drain(provider.stream(chatRequest('openrouter/openai/gpt-4o')));
    expect(parts.filter((part) => part.type === 'reasoning-delta').map((part) => part.text)).toEqual([
      'User wants weather in two cities.',
    ]);
    expect(textOf(parts)).toBe('Checking Zürich and 東京…');
    expect(parts.filter((part) => part.type === 'tool-call').map((part) => part.toolCall)).toEqual([
      { id: 'call_zrh', name: 'get_weather', arguments: { city: 'Zürich' } },
      { id: 'call_tyo', name: 'get_weather', arguments: { city: '東京' } },
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 57, outputTokens: 41, cacheReadTokens: 32 },
      model: 'openai/gpt-4o',
      responseModel: 'openai/gpt-4o-2024-11-20',
    });
    await harness.closeAgentAndCheck();
  });

  it('reads an Anthropic stream: thinking, ping, signature, text and a tool_use block', async () => {
    harness.server.enqueue({
      type: 'raw',
      body: await fixture('anthropic-thinking-tool.sse'),
      pieceBytes: 7,
    });
    const provider = createAnthropicProvider({
      baseUrl: harness.server.anthropicBaseUrl,
      dispatcher: harness.agent,
    });
    const response = await provider.complete(chatRequest('claude-sonnet-4-5'));
    expect(response).toEqual({
      content: 'Je lis le fichier « notes.md » maintenant.',
      reasoning: 'The user asks for a file. ',
      toolCalls: [
        { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'read_file', arguments: { path: 'notes.md' } },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 472, outputTokens: 89, cacheReadTokens: 128, cacheWriteTokens: 0 },
      model: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
    });
    await harness.closeAgentAndCheck();
  });
});
