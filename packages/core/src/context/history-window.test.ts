import type { ChatMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { historyWindow } from './history-window.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const text = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });
const call = (...ids: string[]): ChatMessage => ({
  role: 'assistant',
  content: '',
  toolCalls: ids.map((id) => ({ id, name: 'read_file', arguments: { path: id } })),
});
const result = (id: string): ChatMessage => ({
  role: 'tool',
  toolCallId: id,
  name: 'read_file',
  content: `contents of ${id}`,
  isError: false,
});

describe('historyWindow', () => {
  const history = [
    user('q1'),
    call('a', 'b'),
    result('a'),
    result('b'),
    text('done'),
    user('q2'),
    text('ok'),
  ];

  it('keeps the last entries when no tool group is cut', () => {
    expect(historyWindow(history, 3)).toEqual([text('done'), user('q2'), text('ok')]);
    expect(historyWindow(history, 100)).toEqual(history);
  });

  it('moves the start past tool results whose call fell out of the window', () => {
    expect(historyWindow(history, 5)).toEqual([text('done'), user('q2'), text('ok')]);
    expect(historyWindow(history, 6)).toEqual(history.slice(1));
  });

  it('drops a tool call that lacks a result and results without a call', () => {
    const broken = [user('q'), call('x', 'y'), result('x'), user('next'), result('z'), text('end')];
    expect(historyWindow(broken, 10)).toEqual([user('q'), user('next'), text('end')]);
  });

  it('returns nothing for a window of 0', () => {
    expect(historyWindow(history, 0)).toEqual([]);
  });
});
