import type { InboundMessage, OutboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { BusTransport } from './bus-transport.js';
import { MessageBus } from './message-bus.js';

function inbound(chatId: string, content: string, messageId?: string): InboundMessage {
  const metadata = messageId === undefined ? {} : { messageId };
  return { channel: 'http', senderId: 's1', chatId, content, media: [], metadata, timestamp: 0 };
}

function answer(content: string): OutboundMessage {
  return { channel: 'http', chatId: 'c1', content, media: [], metadata: {} };
}

describe('MessageBus as a BusTransport', () => {
  it('hands out deliveries whose reply reaches the subscriber of that message id only', async () => {
    const bus: BusTransport = new MessageBus();
    const controller = new AbortController();
    const dispatching = (bus as MessageBus).dispatchOutbound({ signal: controller.signal });
    const mine: OutboundMessage[] = [];
    const others: OutboundMessage[] = [];
    const stopMine = bus.subscribeOutbound({ inReplyTo: 'm1' }, (reply) => void mine.push(reply));
    bus.subscribeOutbound({ inReplyTo: 'm2' }, (reply) => void others.push(reply));
    const channelWide: OutboundMessage[] = [];
    bus.subscribeOutbound({ channel: 'http' }, (reply) => void channelWide.push(reply));

    expect(await bus.publishInbound(inbound('c1', 'hello', 'm1'))).toBe('accepted');
    const delivery = await bus.receiveInbound();
    expect(delivery).toMatchObject({ messageId: 'm1', deliveryCount: 1 });
    expect(delivery.message.content).toBe('hello');
    await delivery.reply(answer('hi'));
    await delivery.ack();
    await expect.poll(() => mine.length).toBe(1);
    expect(mine[0]).toMatchObject({ content: 'hi', replyTo: 'm1' });
    expect(others).toEqual([]);
    expect(channelWide).toHaveLength(1);
    stopMine();
    controller.abort();
    await dispatching;
  });

  it('gives a message without an id a fresh one, carried in metadata', async () => {
    const bus = new MessageBus();
    await bus.publishInbound(inbound('c1', 'a'));
    await bus.publishInbound(inbound('c1', 'b'));
    const first = await bus.receiveInbound();
    const second = await bus.receiveInbound();
    expect(first.messageId).not.toBe(second.messageId);
    expect(first.message.metadata.messageId).toBe(first.messageId);
  });

  it('reports drops in the shape every transport reports', async () => {
    const bus = new MessageBus({ config: { inboundCapacity: 2, overflowPolicy: 'drop-oldest' } });
    for (const content of ['a', 'b', 'c']) await bus.publishInbound(inbound('c1', content));
    expect(await bus.transportMetrics()).toMatchObject({
      transport: 'memory',
      inboundDepth: 2,
      dropped: { oldest: 1, newest: 0, rejected: 0 },
    });
  });
});
