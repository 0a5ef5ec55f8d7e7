// The full turn: bus → loop → fake provider server asking for 3 tools → results → final answer → outbound message,
// with the event stream, the session and the outcome checked.
import { type TurnEvent, TurnEventSchema, TurnOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { inbound, type LoopHarness, startLoop, toolsThenAnswer } from './agent-harness.js';
import { createTestTools } from './agent-tools.js';

const THREE_CALLS = [
  { id: 'c1', name: 'wait', arguments: { ms: 100 } },
  { id: 'c2', name: 'wait', arguments: { ms: 100 } },
  { id: 'c3', name: 'wait', arguments: { ms: 100 } },
];

describe('AgentLoop: a full turn', () => {
  let loop: LoopHarness | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('answers through the bus after running the three tools the model asked for, in parallel', async () => {
    const tools = createTestTools();
    loop = await startLoop({ primary: toolsThenAnswer(THREE_CALLS, 'all three done'), tools });
    const events: TurnEvent[] = [];
    loop.loop.watch({ messageId: 'full-1' }, (event) => {
      events.push(TurnEventSchema.parse(event));
    });
    const replies = loop.nextReplies(1);
    await loop.bus.publishInbound(inbound('alice', 'chat', 'please wait three times', 'full-1'));
    const [reply] = await replies;

    expect(reply?.content).toBe('all three done');
    expect(reply?.replyTo).toBe('full-1');
    const outcome = TurnOutcomeSchema.parse(reply?.metadata.outcome);
    expect(outcome).toMatchObject({
      end: 'answered',
      success: true,
      iterations: 2,
      model: 'primary/model-a',
    });
    expect(outcome.timings.llmCalls).toHaveLength(2);
    expect(outcome.timings.tools.map((tool) => tool.callId)).toEqual(['c1', 'c2', 'c3']);
    expect(outcome.costUsd).toBeGreaterThan(0);
    // D1 through the loop: three 100 ms tools side by side. In a row they take at least 300 ms; side by side
    // less, with room for late timers on a loaded machine.
    expect(tools.maxInFlight).toBe(3);
    expect(outcome.timings.toolsMs).toBeLessThan(300);

    // The second model request carried the assistant tool call and its three results.
    const second = loop.harness.primary.requests[1]?.body as { messages: { role: string }[] };
    expect(second.messages.map((message) => message.role).slice(-4)).toEqual([
      'assistant',
      'tool',
      'tool',
      'tool',
    ]);

    await waitFor(() => events.some((event) => event.type === 'turn-finish'));
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('turn-start');
    expect(types.at(-1)).toBe('turn-finish');
    expect(types.filter((type) => type === 'tool-start')).toHaveLength(3);
    expect(types.filter((type) => type === 'tool-finish')).toHaveLength(3);
    const parts = events.flatMap((event) => (event.type === 'part' ? [event.part.type] : []));
    expect(parts).toContain('tool-call');
    expect(parts).toContain('text-delta');
    const finish = events.at(-1);
    expect(finish?.type === 'turn-finish' && finish.outcome.published).toBe(true);
    for (const event of events) expect(event.sessionKey).toBe('test:chat');

    const session = await loop.sessions.load('test:chat');
    expect(session.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'tool',
      'tool',
      'assistant',
    ]);
    expect(session.messages.at(-1)?.content).toBe('all three done');
  });

  it('keeps call order when the tools finish in reverse, and a failing tool does not stop its siblings', async () => {
    const calls = [
      { id: 'slow', name: 'wait', arguments: { ms: 80 } },
      { id: 'boom', name: 'fail', arguments: { message: 'disk on fire' } },
      { id: 'fast', name: 'wait', arguments: { ms: 5 } },
    ];
    loop = await startLoop({ primary: toolsThenAnswer(calls, 'done'), tools: createTestTools() });
    const replies = loop.nextReplies(1);
    await loop.bus.publishInbound(inbound('alice', 'order', 'go'));
    await replies;
    const session = await loop.sessions.load('test:order');
    const results = session.messages.filter((message) => message.role === 'tool');
    expect(results.map((result) => [result.toolCallId, result.isError])).toEqual([
      ['slow', false],
      ['boom', true],
      ['fast', false],
    ]);
    expect(results[1]?.content).toContain('disk on fire');
  });

  it('a slow watcher slows only the turn it watches; a throwing watcher is ignored', async () => {
    loop = await startLoop();
    loop.loop.watch({ sessionKey: 'test:watched' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
    });
    loop.loop.watch({ sessionKey: 'test:watched' }, () => {
      throw new Error('bad watcher');
    });
    const replies = loop.nextReplies(2);
    await loop.bus.publishInbound(inbound('alice', 'watched', 'slowly'));
    await loop.bus.publishInbound(inbound('bob', 'free', 'quickly'));
    const [first, second] = await replies;
    expect([first?.chatId, second?.chatId]).toEqual(['free', 'watched']);
    expect(second?.content).toBe('ok');
    const watched = TurnOutcomeSchema.parse(second?.metadata.outcome);
    const free = TurnOutcomeSchema.parse(first?.metadata.outcome);
    // turn-start, at least two parts and the tool-less finish are each held 40 ms by the slow watcher.
    expect(watched.latencyMs).toBeGreaterThan(free.latencyMs);
    expect(watched.end).toBe('answered');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
