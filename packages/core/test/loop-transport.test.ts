// The agent loop on a bus transport: a BusTurnClient publishes on one bus (or connection), a loop consuming another
// answers; the turn's events reach the client in order, its cancel aborts the turn, and each delivery is
// acknowledged only once its reply is published and the session holds it.
import type { ChatMessage, InboundMessage, TurnEvent } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type BusTransport, BusTurnClient, createJetStreamBus, MessageBus } from '../src/index.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { type BusLoop, recordingTransport, type SettleEvent, startBusLoop } from './loop-harness.js';
import { lastUserText } from './pipeline-harness.js';

const binary = natsServerBinary();

function inbound(chatId: string, content: string): InboundMessage {
  return { channel: 'http', senderId: 'u1', chatId, content, media: [], metadata: {}, timestamp: Date.now() };
}

function lines(messages: readonly ChatMessage[]): string[] {
  return messages.map((message) => `${message.role}: ${message.content}`);
}

/** A session store whose first `failures` appends fail (a full disk). */
class FailingStore extends SessionStore {
  failures: number;
  constructor(workspace: string, failures: number) {
    super({ workspace, fsync: false });
    this.failures = failures;
  }
  override append(...args: Parameters<SessionStore['append']>): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('ENOSPC: no space left on device'));
    }
    return super.append(...args);
  }
}

type OpenBuses = () => Promise<{ client: BusTransport; worker: BusTransport }>;

function suite(name: string, open: OpenBuses) {
  describe(`AgentLoop over ${name}`, { timeout: 60_000 }, () => {
    const closing: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const close of closing.splice(0).reverse()) await close();
    });

    async function start(options: Omit<Parameters<typeof startBusLoop>[0], 'bus'>, log: SettleEvent[] = []) {
      const { client, worker } = await open();
      closing.push(
        () => client.close(),
        () => worker.close(),
      );
      let agent: BusLoop | undefined;
      const sessionOf = new Map<string, string>();
      // What the session held at each ack: it must already hold the turn's reply.
      const atAck: string[][] = [];
      const before = async (event: SettleEvent) => {
        if (event.action !== 'ack' || agent === undefined) return;
        const session = await agent.sessions.load(`http:${sessionOf.get(event.messageId) ?? ''}`);
        atAck.push(lines(session.messages));
      };
      const recorded = recordingTransport(worker, log, { before });
      agent = await startBusLoop({ ...options, bus: recorded });
      closing.push(() => agent.close());
      const turns = new BusTurnClient(client);
      const runTurn = (
        message: InboundMessage,
        turnOptions: Parameters<BusTurnClient['runTurn']>[1] = {},
      ) => {
        const messageId = `${message.chatId}-${sessionOf.size}`;
        sessionOf.set(messageId, message.chatId);
        const withId = { ...message, metadata: { ...message.metadata, messageId } };
        return turns.runTurn(withId, turnOptions);
      };
      return { agent, runTurn, atAck, log };
    }

    it('answers a client on another bus, its events in order, and acks once the session holds the reply', async () => {
      const { agent, runTurn, atAck, log } = await start({
        primary: (request) => ({ type: 'answer', text: `echo ${lastUserText(request)}`, chunks: 3 }),
      });
      const events: TurnEvent[] = [];
      const result = await runTurn(inbound('c1', 'hello'), { onEvent: (event) => void events.push(event) });
      expect(result.reply.content).toBe('echo hello');
      expect(result.outcome).toMatchObject({ end: 'answered', published: true });
      expect(events[0]?.type).toBe('turn-start');
      expect(events.at(-1)).toMatchObject({ type: 'turn-finish', outcome: { end: 'answered' } });
      const text = events.flatMap((event) =>
        event.type === 'part' && event.part.type === 'text-delta' ? [event.part.text] : [],
      );
      expect(text.join('')).toBe('echo hello');
      await expect.poll(() => log.length).toBe(1);
      expect(log[0]).toMatchObject({ action: 'ack', deliveryCount: 1 });
      expect(atAck).toEqual([['user: hello', 'assistant: echo hello']]);
      expect(agent.problems).toEqual([]);

      // The follow-up sees the first turn's history, through the same session.
      const second = await runTurn(inbound('c1', 'again'));
      expect(second.reply.content).toBe('echo again');
      const session = await agent.sessions.load('http:c1');
      expect(lines(session.messages)).toEqual([
        'user: hello',
        'assistant: echo hello',
        'user: again',
        'assistant: echo again',
      ]);
    });

    it('aborts the turn when the client cancels it; the turn still answers and is acknowledged', async () => {
      const { agent, runTurn, log } = await start({ primary: () => ({ type: 'hang' }) });
      const controller = new AbortController();
      const result = await runTurn(inbound('c2', 'never mind'), {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'turn-start') controller.abort();
        },
      });
      expect(result.outcome.end).toBe('aborted');
      expect(result.reply.content).toContain('(aborted)');
      await expect.poll(() => log.map((event) => event.action)).toEqual(['ack']);
      expect(agent.harness.primary.requests.length).toBeLessThanOrEqual(1);
      const session = await agent.sessions.load('http:c2');
      expect(lines(session.messages)[0]).toBe('user: never mind');
    });
  });
}

suite('the in-process MessageBus', async () => {
  const bus = new MessageBus();
  void bus.dispatchOutbound();
  return { client: bus, worker: bus };
});

describe.skipIf(binary === undefined)('with a nats-server', () => {
  const server = useNatsServer(binary);
  let stream = 0;
  const open: OpenBuses = async () => {
    stream += 1;
    const config = {
      nats: { servers: [server.url], stream: `LT${stream}`, subjectPrefix: `lt${stream}`, partitions: 2 },
    };
    return {
      client: await createJetStreamBus({ config }),
      worker: await createJetStreamBus({ config, consume: true }),
    };
  };
  suite('JetStream', open);

  describe('AgentLoop over JetStream, when the session cannot be appended', { timeout: 60_000 }, () => {
    it('hands the delivery back (nak) and answers it on the redelivery', async () => {
      const { client, worker } = await open();
      const log: SettleEvent[] = [];
      // The first turn's two appends (the user message, the reply) fail; the redelivery's succeed.
      const agent = await startBusLoop({
        bus: recordingTransport(worker, log),
        primary: (request) => ({ type: 'answer', text: `echo ${lastUserText(request)}` }),
        sessions: (workspace) => new FailingStore(workspace, 2),
      });
      try {
        const result = await new BusTurnClient(client).runTurn({
          ...inbound('c3', 'hello'),
          metadata: { messageId: 'full-disk' },
        });
        // The client gets the first reply (the failed turn's error); the redelivery's is dropped as a duplicate.
        expect(result.outcome.end).toBe('failed');
        await expect
          .poll(() => log.map((event) => `${event.action}:${event.deliveryCount}`), { timeout: 20_000 })
          .toEqual(['nak:1', 'ack:2']);
        const session = await agent.sessions.load('http:c3');
        expect(lines(session.messages)).toEqual(['user: hello', 'assistant: echo hello']);
        expect(agent.problems.map((problem) => problem.type)).toContain('append-failed');
        await expect.poll(async () => (await client.transportMetrics()).inboundDepth).toBe(0);
      } finally {
        await agent.close();
        await worker.close();
        await client.close();
      }
    });
  });
});
