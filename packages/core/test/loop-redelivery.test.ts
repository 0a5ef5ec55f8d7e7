// At-least-once, seen once, with loops on a real JetStream bus: a message whose turn is done in the session is
// answered again with the stored reply and no model call; a loop shutting down hands its unfinished turn back
// (nak, no aborted reply) and another loop on the same workspace resumes it from the session.
import type { ChatMessage, InboundMessage, OutboundMessage, TurnEvent } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { BusTurnClient, createJetStreamBus } from '../src/index.js';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { afterTools } from './agent-harness.js';
import { createTestTools } from './agent-tools.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { recordingTransport, type SettleEvent, startBusLoop } from './loop-harness.js';
import { lastUserText } from './pipeline-harness.js';

const binary = natsServerBinary();

function inbound(chatId: string, content: string, messageId: string): InboundMessage {
  return {
    channel: 'http',
    senderId: 'u1',
    chatId,
    content,
    media: [],
    metadata: { messageId },
    timestamp: Date.now(),
  };
}

function lines(messages: readonly ChatMessage[]): string[] {
  return messages.map((message) =>
    message.role === 'assistant' && message.toolCalls.length > 0
      ? `assistant: calls ${message.toolCalls.map((call) => call.name).join(',')}`
      : `${message.role}: ${message.content}`,
  );
}

describe.skipIf(binary === undefined)('AgentLoop at-least-once over JetStream', { timeout: 60_000 }, () => {
  const server = useNatsServer(binary);
  let stream = 0;
  const config = () => {
    stream += 1;
    return {
      nats: { servers: [server.url], stream: `LR${stream}`, subjectPrefix: `lr${stream}`, partitions: 2 },
    };
  };

  it('answers a redelivered message whose turn is done with the stored reply, without a model call', async () => {
    const bus = config();
    const client = await createJetStreamBus({ config: bus });
    const logA: SettleEvent[] = [];
    // Loop A's ack is lost: the server delivers the message again (after 1.5 s), to loop B on the same workspace.
    const workerA = await createJetStreamBus({ config: bus, consume: true });
    const a = await startBusLoop({
      bus: recordingTransport(workerA, logA, { loseAck: () => ({ delayMs: 1500 }) }),
      primary: (request) => ({ type: 'answer', text: `echo ${lastUserText(request)}` }),
    });
    const { workspace } = a.harness.config.agents.defaults;
    const replies: { deliveryCount: number; reply: OutboundMessage }[] = [];
    const logB: SettleEvent[] = [];
    let b: Awaited<ReturnType<typeof startBusLoop>> | undefined;
    try {
      const result = await new BusTurnClient(client).runTurn(inbound('d1', 'hello', 'done-1'));
      expect(result.reply.content).toBe('echo hello');
      await expect.poll(() => logA.map((event) => event.action)).toEqual(['ack']);
      await a.loop.shutdown({ deadlineMs: 1000 });
      await workerA.close();

      const workerB = await createJetStreamBus({ config: bus, consume: true });
      b = await startBusLoop({
        bus: recordingTransport(workerB, logB, { replies }),
        config: { agents: { defaults: { workspace } } },
      });
      await expect
        .poll(() => logB, { timeout: 20_000 })
        .toEqual([{ action: 'ack', messageId: 'done-1', deliveryCount: 2 }]);
      expect(replies).toEqual([{ deliveryCount: 2, reply: result.reply }]);
      expect(b.harness.primary.requests).toHaveLength(0);
      expect(a.harness.primary.requests).toHaveLength(1);
      // The client's bus dropped the second copy of the reply.
      await expect.poll(async () => (await client.transportMetrics()).duplicateReplies).toBe(1);
      const session = await b.sessions.load('http:d1');
      expect(lines(session.messages)).toEqual(['user: hello', 'assistant: echo hello']);
      await b.close();
      await workerB.close();
    } finally {
      await a.close();
      await client.close();
    }
  });

  it('hands an unfinished turn back at shutdown, and another loop resumes it: one reply, no aborted one', async () => {
    const bus = config();
    const client = await createJetStreamBus({ config: bus });
    const workerA = await createJetStreamBus({ config: bus, consume: true });
    const toolsA = createTestTools();
    const a = await startBusLoop({
      bus: workerA,
      tools: toolsA,
      primary: () => ({
        type: 'answer',
        text: '',
        toolCalls: [{ id: 'slow', name: 'wait', arguments: { ms: 60_000 } }],
      }),
    });
    const { workspace } = a.harness.config.agents.defaults;
    const events: TurnEvent[] = [];
    const running = new BusTurnClient(client).runTurn(inbound('h1', 'take your time', 'handover-1'), {
      onEvent: (event) => void events.push(event),
    });
    try {
      await expect.poll(() => toolsA.maxInFlight).toBe(1);
      const workerB = await createJetStreamBus({ config: bus, consume: true });
      const b = await startBusLoop({
        bus: workerB,
        tools: createTestTools(),
        config: { agents: { defaults: { workspace } } },
        primary: (request) =>
          afterTools(request)
            ? { type: 'answer', text: 'done' }
            : { type: 'answer', text: '', toolCalls: [{ id: 'quick', name: 'wait', arguments: { ms: 10 } }] },
      });
      try {
        const report = await a.loop.shutdown({ deadlineMs: 200 });
        expect(report).toEqual({ finished: 0, aborted: 1, handedOver: 1 });
        await workerA.close();
        const result = await running;
        expect(result.reply.content).toBe('done');
        expect(result.outcome.end).toBe('answered');
        const starts = events.filter((event) => event.type === 'turn-start');
        expect(starts).toHaveLength(2);
        expect(starts[0]?.turnId).not.toBe(starts[1]?.turnId);
        const session = await b.sessions.load('http:h1');
        expect(lines(session.messages)).toEqual([
          'user: take your time',
          'assistant: calls wait',
          'tool: waited 10 ms',
          'assistant: done',
        ]);
        expect(unmatchedToolCall(session.messages)).toBeUndefined();
        expect(session.turnOf('handover-1')).toMatchObject({ state: 'done', reply: { content: 'done' } });
        expect(a.problems).toEqual([]);
        expect(await client.transportMetrics()).toMatchObject({ duplicateReplies: 0 });
      } finally {
        await b.close();
        await workerB.close();
      }
    } finally {
      await a.close();
      await client.close();
    }
  });
});
