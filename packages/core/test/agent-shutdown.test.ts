// Shutdown with turns in flight: taken turns that finish within the deadline answer normally; the rest are aborted
// (the model call and the running tools see the abort) and still answer; the loop stops taking messages.
import { TurnOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { afterTools, inbound, type LoopHarness, startLoop } from './agent-harness.js';
import { createTestTools } from './agent-tools.js';

describe('AgentLoop.shutdown', () => {
  let loop: LoopHarness | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('lets quick turns finish, aborts slow tools and a hanging model call, and answers every turn', async () => {
    const tools = createTestTools();
    loop = await startLoop({
      tools,
      primary: (request) => {
        const body = request.body as { messages: { role: string; content: string }[] };
        const text = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
        if (text === 'hang') return { type: 'hang' };
        if (text === 'slow tool' && !afterTools(request)) {
          return {
            type: 'answer',
            text: '',
            toolCalls: [{ id: 'w', name: 'wait', arguments: { ms: 60_000 } }],
          };
        }
        // The quick turn is still streaming when shutdown starts, and done well within the deadline.
        return { type: 'answer', text: `answer to ${text}`, chunks: 3, chunkDelayMs: 150 };
      },
    });
    const replies = loop.nextReplies(4);
    await loop.bus.publishInbound(inbound('alice', 'quick', 'quick'));
    await loop.bus.publishInbound(inbound('alice', 'slow', 'slow tool'));
    await loop.bus.publishInbound(inbound('bob', 'hang', 'hang'));
    // Queued behind the hanging turn of its session: aborted before it starts, and still answered.
    await loop.bus.publishInbound(inbound('bob', 'hang', 'follow-up'));
    while (tools.maxInFlight === 0 || loop.harness.primary.requests.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const report = await loop.loop.shutdown({ deadlineMs: 2_000 });
    expect(report).toEqual({ finished: 1, aborted: 3, handedOver: 0 });

    const all = await replies;
    const byChat = new Map(all.map((reply) => [reply.chatId, reply]));
    expect(byChat.get('quick')?.content).toBe('answer to quick');
    for (const chat of ['slow', 'hang']) {
      const reply = byChat.get(chat);
      expect(reply?.content).toContain('(aborted)');
      expect(TurnOutcomeSchema.parse(reply?.metadata.outcome).end).toBe('aborted');
      const session = await loop.sessions.load(`test:${chat}`);
      expect(unmatchedToolCall(session.messages)).toBeUndefined();
    }
    const hang = await loop.sessions.load('test:hang');
    expect(hang.messages.map((message) => `${message.role}: ${message.content.slice(0, 20)}`)).toEqual([
      'user: hang',
      `assistant: ${all[1]?.content.slice(0, 20)}`,
      'user: follow-up',
      `assistant: ${all[1]?.content.slice(0, 20)}`,
    ]);
    const slow = await loop.sessions.load('test:slow');
    expect(slow.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(slow.messages[2]).toMatchObject({ role: 'tool', isError: true });

    // Stopped: a message published now stays in the bus.
    await loop.bus.publishInbound(inbound('alice', 'late', 'late'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loop.bus.inbound.size).toBe(1);
  }, 15_000);

  it("a caller's signal aborts its own turn (model call or tools) and no other", async () => {
    const tools = createTestTools();
    loop = await startLoop({
      tools,
      primary: (request) => {
        if (afterTools(request)) return { type: 'answer', text: 'finished' };
        const body = request.body as { messages: { role: string; content: string }[] };
        const ms = body.messages.at(-1)?.content === 'long' ? 60_000 : 50;
        return { type: 'answer', text: '', toolCalls: [{ id: 'w', name: 'wait', arguments: { ms } }] };
      },
    });
    const controller = new AbortController();
    const long = loop.loop.runTurn(inbound('alice', 'long', 'long'), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'tool-start') controller.abort();
      },
    });
    const short = loop.loop.runTurn(inbound('bob', 'short', 'short'));
    const [aborted, answered] = await Promise.all([long, short]);
    expect(aborted.outcome.end).toBe('aborted');
    expect(aborted.outcome.timings.tools).toEqual([expect.objectContaining({ callId: 'w', isError: true })]);
    expect(answered.outcome).toMatchObject({ end: 'answered', content: 'finished' });
  });
});
