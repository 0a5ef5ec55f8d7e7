import type { ChatRequest } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createClassifier } from './classifier.js';

const classifier = createClassifier();
const ask = (content: string, extra: Partial<Pick<ChatRequest, 'tools'>> = {}) =>
  classifier.classify({ messages: [{ role: 'user', content }], tools: extra.tools ?? [] });

describe('createClassifier', () => {
  it('gives the same profile for the same request', () => {
    expect(ask('Please debug this python function')).toEqual(ask('Please debug this python function'));
  });

  it.each([
    ['Fix the bug in this typescript function', 'code'],
    ['Compare and evaluate these two options, explain why', 'analysis'],
    ['Write a poem and a short story', 'creative'],
    ['Survey the literature and cite sources', 'research'],
    ['hello there', 'chat'],
  ] as const)('classifies %j as %s', (content, taskType) => {
    expect(ask(content).taskType).toBe(taskType);
  });

  it('marks a request with tools as tool use when no keyword says otherwise', () => {
    const profile = ask('hello', { tools: [{ name: 'read_file', description: 'read', parameters: {} }] });
    expect(profile).toMatchObject({ taskType: 'tool-use', requiresTools: true });
  });

  it('rates hard, long requests as more complex than short chat', () => {
    const easy = ask('hi');
    const hard = ask(
      `Design a distributed architecture and prove its concurrency algorithm is correct. ${'x'.repeat(8000)}`,
    );
    expect(easy.complexity).toBeLessThan(0.3);
    expect(hard.complexity).toBeGreaterThan(0.7);
    expect(hard.keywords).toEqual(expect.arrayContaining(['design', 'distributed', 'prove']));
  });

  it('is less confident when keywords of several types compete', () => {
    const clear = ask('debug the code, fix the function, compile the typescript');
    const mixed = ask('write a story about code research');
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });

  it('estimates input tokens from all messages', () => {
    const profile = classifier.classify({
      messages: [
        { role: 'system', content: 's'.repeat(400) },
        { role: 'user', content: 'u'.repeat(400) },
      ],
      tools: [],
    });
    expect(profile.estimatedInputTokens).toBeGreaterThanOrEqual(200);
  });
});
