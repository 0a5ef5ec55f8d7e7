import type { InboundMessage, OutboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createBusTransport, createJetStreamBus, MessageBus } from '../src/index.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

function inbound(chatId: string, content: string, messageId: string): InboundMessage {
  return {
    channel: 'http',
    senderId: 's1',
    chatId,
    content,
    media: [],
    metadata: { messageId },
    timestamp: 0,
  };
}

describe.skipIf(binary === undefined)('JetStreamBus round trip', { timeout: 30_000 }, () => {
  const server = useNatsServer(binary);

  it('publishes, delivers, replies to the waiting process and acknowledges', async () => {
    const config = { nats: { servers: [server.url], stream: 'RT', subjectPrefix: 'rt', partitions: 4 } };
    const gateway = await createJetStreamBus({ config });
    const worker = await createJetStreamBus({ config, consume: true });
    try {
      const replies: OutboundMessage[] = [];
      gateway.subscribeOutbound({ inReplyTo: 'm1' }, (reply) => void replies.push(reply));
      expect(await gateway.publishInbound(inbound('c1', 'hello', 'm1'))).toBe('accepted');
      const delivery = await worker.receiveInbound();
      expect(delivery).toMatchObject({ messageId: 'm1', deliveryCount: 1 });
      expect(delivery.message.content).toBe('hello');
      expect((await worker.transportMetrics()).inFlight).toBe(1);
      await delivery.reply({ channel: 'http', chatId: 'c1', content: 'hi', media: [], metadata: {} });
      await delivery.ack();
      await expect.poll(() => replies.length).toBe(1);
      expect(replies[0]).toMatchObject({ content: 'hi', replyTo: 'm1' });
      expect(await gateway.transportMetrics()).toMatchObject({
        transport: 'nats',
        inboundDepth: 0,
        inFlight: 0,
      });
    } finally {
      await gateway.close();
      await worker.close();
    }
  });

  it('stores a message published twice with one id once (Nats-Msg-Id)', async () => {
    const config = { nats: { servers: [server.url], stream: 'DEDUPE', subjectPrefix: 'dd', partitions: 2 } };
    const gateway = await createJetStreamBus({ config });
    try {
      await gateway.publishInbound(inbound('c1', 'once', 'same-id'));
      await gateway.publishInbound(inbound('c1', 'once', 'same-id'));
      expect((await gateway.transportMetrics()).inboundDepth).toBe(1);
    } finally {
      await gateway.close();
    }
  });

  it('delivers one reply per inbound message: a second reply to it (a redelivered turn) is dropped, counted', async () => {
    const config = { nats: { servers: [server.url], stream: 'ONCE', subjectPrefix: 'once', partitions: 2 } };
    const gateway = await createJetStreamBus({ config });
    const worker = await createJetStreamBus({ config, consume: true });
    try {
      const replies: OutboundMessage[] = [];
      gateway.subscribeOutbound({ inReplyTo: 'twice' }, (reply) => void replies.push(reply));
      await gateway.publishInbound(inbound('c1', 'hello', 'twice'));
      const delivery = await worker.receiveInbound();
      const answer = { channel: 'http', chatId: 'c1', content: 'hi', media: [], metadata: {} };
      await delivery.reply(answer);
      await delivery.reply(answer);
      await delivery.ack();
      await expect.poll(async () => (await gateway.transportMetrics()).duplicateReplies).toBe(1);
      expect(replies).toHaveLength(1);
    } finally {
      await gateway.close();
      await worker.close();
    }
  });

  it('createBusTransport picks the bus by bus.transport', async () => {
    expect(await createBusTransport({ config: { inboundCapacity: 8 } })).toBeInstanceOf(MessageBus);
    const nats = { servers: [server.url], stream: 'PICK', subjectPrefix: 'pick', partitions: 1 };
    const bus = await createBusTransport({ config: { transport: 'nats', nats } });
    try {
      expect((await bus.transportMetrics()).transport).toBe('nats');
    } finally {
      await bus.close();
    }
  });
});
