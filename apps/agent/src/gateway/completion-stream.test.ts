import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnResult } from '@clawft/core';
import type { StreamPart, TurnEvent, TurnOutcome } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { plainRequest, sseEvents } from '../../test/http-client.js';
import { CompletionStream } from './completion-stream.js';
import { SseStream } from './sse-stream.js';

const origin = { attempt: 1, provider: 'a', model: 'model-a' };

function part(turnId: string, value: Record<string, unknown>): TurnEvent {
  return {
    type: 'part',
    turnId,
    sessionKey: 'gateway:s',
    iteration: 1,
    part: { ...origin, ...value } as StreamPart,
  };
}

const text = (turnId: string, delta: string) => part(turnId, { type: 'text-delta', text: delta });
const finish = (turnId: string) =>
  part(turnId, { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } });

function result(content: string): TurnResult {
  const outcome = {
    end: 'answered',
    success: true,
    content,
    iterations: 1,
    attempts: 1,
    usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd: 0,
    latencyMs: 1,
    timings: {
      queueMs: 0,
      contextMs: 0,
      llmMs: 1,
      toolsMs: 0,
      persistMs: 0,
      publishMs: 0,
      llmCalls: [],
      tools: [],
    },
    published: true,
  } as TurnOutcome;
  return { reply: { channel: 'gateway', chatId: 's', content, media: [], metadata: {} }, outcome };
}

/** Streams `events` then the result through a CompletionStream on a real response; the client's content chunks. */
async function streamed(events: TurnEvent[], content: string): Promise<string[]> {
  server = createServer((_request, response) => {
    const stream = new CompletionStream({
      id: 'chatcmpl-1',
      model: 'clawft',
      open: () => new SseStream(response, { keepAliveMs: 60_000 }),
    });
    void (async () => {
      for (const event of events) await stream.onEvent(event);
      await stream.finish(result(content), { turnId: 't2', sessionKey: 'gateway:s', includeUsage: false });
    })();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await plainRequest(`http://127.0.0.1:${port}/`);
  return sseEvents(response.body)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data).choices[0]?.delta?.content)
    .filter((piece): piece is string => typeof piece === 'string' && piece !== '');
}

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  server = undefined;
});

describe('CompletionStream', () => {
  it('drops the text of an abandoned attempt when a redelivered turn starts over with a new turnId', async () => {
    const chunks = await streamed(
      [
        { type: 'turn-start', turnId: 't1', sessionKey: 'gateway:s', senderId: 'x', queueMs: 0 },
        text('t1', 'Let me '),
        finish('t1'),
        text('t1', 'chec'),
        { type: 'turn-start', turnId: 't2', sessionKey: 'gateway:s', senderId: 'x', queueMs: 0 },
        text('t2', 'The answer'),
        text('t2', ' is 42.'),
        finish('t2'),
      ],
      'The answer is 42.',
    );
    expect(chunks).toEqual(['The answer', ' is 42.']);
  });

  it('drops the text a reset discards and keeps the restarted call', async () => {
    const chunks = await streamed(
      [
        text('t2', 'half an ans'),
        part('t2', { type: 'reset', discardedText: 'half an ans', discardedToolCalls: 0 }),
        text('t2', 'whole'),
        finish('t2'),
      ],
      'whole',
    );
    expect(chunks).toEqual(['whole']);
  });
});
