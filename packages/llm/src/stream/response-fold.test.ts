import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectResponse } from '../providers/collect-response.js';
import { assembleText } from './assemble-text.js';
import { ResponseFold } from './response-fold.js';

const origin = { attempt: 1, provider: 'p', model: 'm' };
const usage = { inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 };

async function* parts(list: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* list;
}

describe('collectResponse (the fold over an async stream)', () => {
  it('folds text, reasoning, tool calls and the finish into one response with the reported model', async () => {
    const response = await collectResponse(
      parts([
        { type: 'reasoning-delta', text: 'think', ...origin },
        { type: 'text-delta', text: 'he', ...origin },
        { type: 'text-delta', text: 'llo', ...origin },
        { type: 'tool-call', toolCall: { id: 'c', name: 'f', arguments: {} }, ...origin },
        {
          type: 'finish',
          finishReason: 'tool-calls',
          usage,
          responseModel: 'm-2025',
          requestId: 'r1',
          ...origin,
        },
      ]),
    );
    expect(response).toEqual({
      content: 'hello',
      reasoning: 'think',
      toolCalls: [{ id: 'c', name: 'f', arguments: {} }],
      finishReason: 'tool-calls',
      usage,
      model: 'm-2025',
      provider: 'p',
      requestId: 'r1',
    });
  });

  it('drops what came before a reset', async () => {
    const response = await collectResponse(
      parts([
        { type: 'text-delta', text: 'discarded', ...origin },
        { type: 'reset', discardedText: 'discarded', discardedToolCalls: 0, ...origin },
        { type: 'text-delta', text: 'kept', ...origin, attempt: 2 },
        { type: 'finish', finishReason: 'stop', usage, ...origin, attempt: 2 },
      ]),
    );
    expect(response.content).toBe('kept');
    expect(response.model).toBe('m');
  });

  it('fails with stream-truncated when no finish part comes', async () => {
    await expect(
      collectResponse(parts([{ type: 'text-delta', text: 'x', ...origin }])),
    ).rejects.toMatchObject({
      kind: 'stream-truncated',
      phase: 'mid-stream',
      provider: 'p',
      partialText: 'x',
    });
  });

  it('stops reading at the finish part', async () => {
    let after = false;
    async function* more(): AsyncGenerator<StreamPart> {
      yield { type: 'finish', finishReason: 'stop', usage, ...origin };
      after = true;
      yield { type: 'text-delta', text: 'late', ...origin };
    }
    expect((await collectResponse(more())).content).toBe('');
    expect(after).toBe(false);
  });
});

describe('ResponseFold', () => {
  it('names the fallback provider and model when no part arrived at all', () => {
    expect(() => new ResponseFold().response({ provider: 'primary', model: 'model-a' })).toThrow(
      expect.objectContaining({ kind: 'stream-truncated', provider: 'primary', phase: 'before-first-token' }),
    );
  });

  it('is the fold assembleText uses: the text after the last reset', () => {
    const list: StreamPart[] = [
      { type: 'text-delta', text: 'A', ...origin },
      { type: 'reset', discardedText: 'A', discardedToolCalls: 0, ...origin },
      { type: 'text-delta', text: 'B', ...origin },
      { type: 'text-delta', text: '!', ...origin },
    ];
    const fold = new ResponseFold();
    for (const part of list) fold.accept(part);
    expect(fold.text).toBe('B!');
    expect(fold.finished).toBe(false);
    expect(assembleText(list)).toBe('B!');
  });
});
