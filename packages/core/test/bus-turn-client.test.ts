import type { InboundMessage, OutboundMessage, TurnEvent } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type BusTransport, BusTurnClient, createJetStreamBus, MessageBus } from '../src/index.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

function inbound(chatId: string, content: string): InboundMessage {
  return { channel: 'http', senderId: 's1', chatId, content, media: [], metadata: {}, timestamp: Date.now() };
}

function part(messageId: string, turnId: string, text: string): TurnEvent {
  return {
    type: 'part',
    turnId,
    sessionKey: 'http:c1',
    messageId,
    iteration: 1,
    part: { type: 'text-delta', text, attempt: 1, provider: 'fake', model: 'm' },
  };
}

function answer(content: string): OutboundMessage {
  return { channel: 'http', chatId: 'c1', content, media: [], metadata: { turnId: 't1' } };
}

/** A consumer that answers one message: emits its events, waits for a cancel when asked to, replies. */
async function serveOne(bus: BusTransport, options: { awaitCancel?: boolean } = {}): Promise<void> {
  const delivery = await bus.receiveInbound();
  await delivery.emit({
    type: 'turn-start',
    turnId: 't1',
    sessionKey: 'http:c1',
    messageId: delivery.messageId,
    senderId: 's1',
    queueMs: 0,
  });
  for (const text of ['he', 'll', 'o']) await delivery.emit(part(delivery.messageId, 't1', text));
  if (options.awaitCancel === true && !delivery.signal.aborted)
    await new Promise<void>((resolve) => delivery.signal.addEventListener('abort', () => resolve()));
  await delivery.reply(answer(delivery.signal.aborted ? 'aborted' : 'hello'));
  await delivery.ack();
}

function suite(name: string, open: () => Promise<{ client: BusTransport; worker: BusTransport }>) {
  describe(`BusTurnClient over ${name}`, { timeout: 30_000 }, () => {
    const opened: BusTransport[] = [];
    afterEach(async () => {
      for (const bus of opened.splice(0)) await bus.close();
    });

    it('forwards the events in order, then a turn-finish, and resolves with the reply', async () => {
      const { client, worker } = await open();
      opened.push(client, worker);
      const events: TurnEvent[] = [];
      const serving = serveOne(worker);
      const result = await new BusTurnClient(client).runTurn(inbound('c1', 'hi'), {
        onEvent: (event) => void events.push(event),
      });
      await serving;
      expect(result.reply.content).toBe('hello');
      expect(result.outcome).toMatchObject({ end: 'failed', success: false, content: 'hello' });
      expect(events.map((event) => event.type)).toEqual([
        'turn-start',
        'part',
        'part',
        'part',
        'turn-finish',
      ]);
      const texts = events.flatMap((event) =>
        event.type === 'part' && event.part.type === 'text-delta' ? [event.part.text] : [],
      );
      expect(texts.join('')).toBe('hello');
    });

    it('cancels the consumer’s turn when the signal aborts and still resolves with its reply', async () => {
      const { client, worker } = await open();
      opened.push(client, worker);
      const controller = new AbortController();
      const serving = serveOne(worker, { awaitCancel: true });
      const events: TurnEvent[] = [];
      const running = new BusTurnClient(client).runTurn(inbound('c1', 'hi'), {
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'part') controller.abort();
        },
      });
      const result = await running;
      await serving;
      expect(result.reply.content).toBe('aborted');
    });

    it('gives up with aborted when a cancelled turn never replies', async () => {
      const { client, worker } = await open();
      opened.push(client, worker);
      const controller = new AbortController();
      const taken = worker.receiveInbound();
      const running = new BusTurnClient(client, { abortWaitMs: 200 }).runTurn(inbound('c1', 'hi'), {
        signal: controller.signal,
      });
      const delivery = await taken;
      controller.abort();
      await expect(running).rejects.toMatchObject({ name: 'BusError', kind: 'aborted' });
      await delivery.ack();
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
  suite('JetStream', async () => {
    stream += 1;
    const config = {
      nats: { servers: [server.url], stream: `TC${stream}`, subjectPrefix: `tc${stream}`, partitions: 2 },
    };
    return {
      client: await createJetStreamBus({ config }),
      worker: await createJetStreamBus({ config, consume: true }),
    };
  });
});
