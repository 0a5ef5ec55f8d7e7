import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectResponse } from './collect-response.js';

const origin = { attempt: 1, provider: 'p', model: 'm' };
const usage = { inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 };

async function* parts(list: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* list;
}

describe('collectResponse', () => {
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
    });
  });
});
