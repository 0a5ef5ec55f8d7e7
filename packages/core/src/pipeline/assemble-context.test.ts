import type { ChatMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { assembleContext } from './assemble-context.js';

const text = (tokens: number) => 'x'.repeat(tokens * 4);
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });

describe('assembleContext', () => {
  it('passes a conversation that fits through unchanged', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'be brief' }, user('hi')];
    expect(
      assembleContext({ messages, tools: [] }, { maxContextTokens: 1000, reserveOutputTokens: 100 }),
    ).toEqual({
      messages,
      droppedMessages: 0,
      estimatedTokens: expect.any(Number),
    });
  });

  it('keeps the system prompt and the newest turns, dropping the oldest', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: text(50) },
      user(`old ${text(100)}`),
      assistant(text(100)),
      user(`new ${text(100)}`),
    ];
    const result = assembleContext(
      { messages, tools: [] },
      { maxContextTokens: 400, reserveOutputTokens: 100 },
    );
    expect(result.messages.map((message) => message.role)).toEqual(['system', 'assistant', 'user']);
    expect(result.droppedMessages).toBe(1);
    expect(result.estimatedTokens).toBeLessThanOrEqual(300);
  });

  it('never keeps tool results without the assistant call that asked for them', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'sys' },
      user(text(50)),
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'c1', name: 'read_file', arguments: { path: 'a' } },
          { id: 'c2', name: 'read_file', arguments: { path: 'b' } },
        ],
      },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: text(60), isError: false },
      { role: 'tool', toolCallId: 'c2', name: 'read_file', content: text(60), isError: false },
      user(text(20)),
    ];
    // Room for the newest user turn and one tool result, but not for the whole call with both results.
    const cut = assembleContext({ messages, tools: [] }, { maxContextTokens: 150, reserveOutputTokens: 50 });
    expect(cut.messages.map((message) => message.role)).toEqual(['system', 'user']);
    const roomy = assembleContext(
      { messages, tools: [] },
      { maxContextTokens: 230, reserveOutputTokens: 50 },
    );
    expect(roomy.messages.map((message) => message.role)).toEqual([
      'system',
      'assistant',
      'tool',
      'tool',
      'user',
    ]);
  });

  it('refuses with context-too-large when the system prompt and newest turn alone do not fit', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: text(100) }, user(text(100))];
    expect(() =>
      assembleContext({ messages, tools: [] }, { maxContextTokens: 150, reserveOutputTokens: 10 }),
    ).toThrowError(expect.objectContaining({ kind: 'context-too-large' }) as Error);
  });
});
