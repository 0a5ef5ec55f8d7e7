import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore, type TurnResult } from '@clawft/core';
import type { InboundMessage, OutboundMessage, TurnEvent, TurnOutcome } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withReplyRecovery } from './reply-recovery.js';
import type { TurnRunner } from './turn-runner.js';

const outcome = {
  end: 'answered',
  success: true,
  content: 'stored answer',
  iterations: 1,
  attempts: 1,
  usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
  costUsd: 0,
  latencyMs: 5,
  timings: {
    queueMs: 0,
    contextMs: 0,
    llmMs: 5,
    toolsMs: 0,
    persistMs: 0,
    publishMs: 0,
    llmCalls: [],
    tools: [],
  },
  published: true,
} as TurnOutcome;

const message: InboundMessage = {
  channel: 'gateway',
  senderId: 'alice',
  chatId: 'alice/work',
  content: 'hi',
  media: [],
  metadata: { messageId: 'm-1' },
  timestamp: Date.now(),
};

const reply: OutboundMessage = {
  channel: 'gateway',
  chatId: 'alice/work',
  content: 'stored answer',
  replyTo: 'm-1',
  media: [],
  metadata: { turnId: 't-1', outcome },
};

/** A runner whose reply never comes (lost with the server) until its signal aborts; it then rejects. */
function lostReply(): TurnRunner & { aborted: () => boolean } {
  let aborted = false;
  return {
    aborted: () => aborted,
    runTurn: (_message, options) =>
      new Promise<TurnResult>((_resolve, reject) => {
        options.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      }),
  };
}

let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'clawft-recovery-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('withReplyRecovery', () => {
  it('answers from the session once the worker recorded the turn done, ending with a turn-finish', async () => {
    const sessions = new SessionStore({ workspace, fsync: false });
    const runner = lostReply();
    const events: TurnEvent[] = [];
    const turns = withReplyRecovery(runner, sessions, { firstCheckMs: 10, checkEveryMs: 10 });
    const pending = turns.runTurn(message, { onEvent: (event) => void events.push(event) });
    // Another process (the worker) appends the turn with its reply as published.
    const writer = new SessionStore({ workspace, fsync: false });
    await writer.append('gateway:alice/work', [{ role: 'user', content: 'hi' }], { messageId: 'm-1' });
    await writer.append(
      'gateway:alice/work',
      [{ role: 'assistant', content: 'stored answer', toolCalls: [] }],
      {
        messageId: 'm-1',
        reply,
      },
    );
    const result = await pending;
    expect(result.reply.content).toBe('stored answer');
    expect(result.outcome.end).toBe('answered');
    expect(events).toEqual([
      expect.objectContaining({ type: 'turn-finish', turnId: 't-1', messageId: 'm-1' }),
    ]);
    expect(runner.aborted()).toBe(true);
  });

  it('resolves with the bus reply when it comes, without waiting on the session', async () => {
    const sessions = new SessionStore({ workspace, fsync: false });
    const direct: TurnRunner = { runTurn: async () => ({ reply, outcome }) };
    const turns = withReplyRecovery(direct, sessions, { firstCheckMs: 60_000 });
    const started = performance.now();
    expect((await turns.runTurn(message, {})).reply).toBe(reply);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
