import { BusSchema, ConfigError, type InboundMessage, type OutboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { busErrorKind } from '../../test/bus-helpers.js';
import { type BusDropEvent, MessageBus } from './message-bus.js';

function inbound(chatId: string, content: string, channel = 'cli'): InboundMessage {
  return { channel, senderId: chatId, chatId, content, media: [], metadata: {}, timestamp: 0 };
}

/** `[channel, chatId]` of the flooding and the quiet session. */
interface Sessions {
  flood: [string, string];
  quiet: [string, string];
}

const CLI_SESSIONS: Sessions = { flood: ['cli', 'flood'], quiet: ['cli', 'quiet'] };

function reply(channel: string, content: string): OutboundMessage {
  return { channel, chatId: 'c1', content, media: [], metadata: {} };
}

/** Floods one session with `flood` parked publishes while a quiet session publishes every `every` receives. */
async function quietWaits(
  bus: MessageBus,
  flood: number,
  every: number,
  sessions: Sessions = CLI_SESSIONS,
): Promise<number[]> {
  const [floodChannel, floodChat] = sessions.flood;
  const [quietChannel, quietChat] = sessions.quiet;
  const publishes: Promise<unknown>[] = [];
  for (let index = 0; index < flood; index += 1)
    publishes.push(bus.publishInbound(inbound(floodChat, `f${index}`, floodChannel)));
  const sentAt = new Map<string, number>();
  const waits: number[] = [];
  let received = 0;
  while (received < flood + sentAt.size) {
    const message = await bus.consumeInbound();
    received += 1;
    const sent = sentAt.get(message.content);
    if (sent !== undefined) waits.push(received - sent);
    if (received % every === 0 && sentAt.size * every < flood) {
      const content = `q${received}`;
      sentAt.set(content, received);
      publishes.push(bus.publishInbound(inbound(quietChat, content, quietChannel)));
    }
  }
  await Promise.all(publishes);
  return waits;
}

describe('MessageBus', () => {
  it('builds its channels from the parsed bus config, outbound always blocking', () => {
    const config = BusSchema.parse({ inboundCapacity: 2, overflowPolicy: 'drop-oldest', maxBytes: 4096 });
    const bus = new MessageBus({ config });
    expect(bus.inbound).toMatchObject({ capacity: 2, overflowPolicy: 'drop-oldest', maxBytes: 4096 });
    expect(bus.outbound).toMatchObject({ capacity: 1024, overflowPolicy: 'block', maxBytes: 4096 });
  });

  it('throws a ConfigError naming each bad bus key for a config that does not match BusSchema', () => {
    let thrown: unknown;
    try {
      new MessageBus({ config: { inboundCapacity: -1, overflowPolicy: 'spill' as 'block' } });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.is(thrown)).toBe(true);
    const error = thrown as ConfigError;
    expect(error.kind).toBe('config-invalid');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'bus.inboundCapacity',
      'bus.overflowPolicy',
    ]);
    expect(error.issues.find((issue) => issue.path === 'bus.inboundCapacity')?.received).toBe('-1');
    expect(error.message).toContain('bus.overflowPolicy');
  });

  it('refuses inbound publishes beyond bus.maxWaitingSenders at once, and never refuses a reply', async () => {
    const bus = new MessageBus({ config: { inboundCapacity: 1, outboundCapacity: 1, maxWaitingSenders: 3 } });
    await bus.publishInbound(inbound('a', 'held'));
    const waiting = [1, 2, 3].map((index) => bus.publishInbound(inbound('a', `w${index}`)));
    expect(await busErrorKind(bus.publishInbound(inbound('b', 'one too many')))).toBe('bus-full');
    expect(bus.metrics().inbound).toMatchObject({ waitingSenders: 3, dropped: { rejected: 1 } });
    for (let index = 0; index < 4; index += 1) await bus.consumeInbound();
    await expect(Promise.all(waiting)).resolves.toEqual(['accepted', 'accepted', 'accepted']);
    await bus.publishOutbound(reply('cli', 'r0'));
    const replies = [1, 2, 3, 4, 5].map((index) => bus.publishOutbound(reply('cli', `r${index}`)));
    expect(bus.metrics().outbound.waitingSenders).toBe(5);
    bus.subscribe('cli', () => undefined);
    const dispatching = bus.dispatchOutbound();
    await Promise.all(replies);
    bus.close();
    await dispatching;
    expect(bus.metrics().dispatch.delivered).toBe(6);
  });

  it('takes a reply as users write it, filling in media and metadata, and rejects a malformed one naming the field', async () => {
    const bus = new MessageBus({ config: {} });
    await bus.publishOutbound({ channel: 'cli', chatId: 'c1', content: 'hi' });
    expect(await bus.outbound.receive()).toEqual({
      channel: 'cli',
      chatId: 'c1',
      content: 'hi',
      media: [],
      metadata: {},
    });
    const malformed = bus.publishOutbound({ channel: 'cli', chatId: '', content: 'x' });
    await expect(malformed).rejects.toThrow(TypeError);
    await expect(malformed).rejects.toThrow(/message\.chatId/);
  });

  it('never drops a reply: a full outbound channel makes the publisher wait', async () => {
    const bus = new MessageBus({ config: { outboundCapacity: 1, overflowPolicy: 'drop-newest' } });
    await bus.publishOutbound(reply('cli', 'one'));
    const second = bus.publishOutbound(reply('cli', 'two'));
    expect(bus.metrics().outbound.waitingSenders).toBe(1);
    expect((await bus.outbound.receive()).content).toBe('one');
    await expect(second).resolves.toBe('accepted');
  });

  it('never drops a reply larger than maxBytes: it waits for an empty channel and is then held alone', async () => {
    const drops: BusDropEvent[] = [];
    const bus = new MessageBus({ config: { maxBytes: 512 }, onDrop: (event) => drops.push(event) });
    await bus.publishOutbound(reply('cli', 'small'));
    const large = bus.publishOutbound(reply('cli', 'x'.repeat(2000)));
    expect(bus.metrics().outbound.waitingSenders).toBe(1);
    expect((await bus.outbound.receive()).content).toBe('small');
    await expect(large).resolves.toBe('accepted');
    expect((await bus.outbound.receive()).content).toHaveLength(2000);
    expect(drops).toEqual([]);
    expect(bus.metrics().outbound.droppedTotal).toBe(0);
    // Inbound keeps refusing an oversize message (its policy may drop; the byte cap is a hard limit there).
    expect(await busErrorKind(bus.publishInbound(inbound('a', 'y'.repeat(2000))))).toBe('bus-full');
  });

  it('applies sendTimeoutMs to inbound publishes under block', async () => {
    const bus = new MessageBus({ config: { inboundCapacity: 1, sendTimeoutMs: 5 } });
    await bus.publishInbound(inbound('a', '1'));
    expect(await busErrorKind(bus.publishInbound(inbound('a', '2')))).toBe('bus-full');
    expect(bus.tryPublishInbound(inbound('b', '3'))).toBe('rejected');
  });

  it('dispatches replies by channel name to every subscriber until closed and drained', async () => {
    const drops: BusDropEvent[] = [];
    const bus = new MessageBus({ onDrop: (event) => drops.push(event) });
    const seen: string[] = [];
    bus.subscribe('cli', (message) => {
      seen.push(`cli-1:${message.content}`);
    });
    const stop = bus.subscribe('cli', async (message) => {
      seen.push(`cli-2:${message.content}`);
    });
    bus.subscribe('slack', () => {
      throw new Error('slack is down');
    });
    await bus.publishOutbound(reply('cli', 'a'));
    await bus.publishOutbound(reply('slack', 'b'));
    await bus.publishOutbound(reply('email', 'c'));
    bus.close();
    await bus.dispatchOutbound();
    expect(seen).toEqual(['cli-1:a', 'cli-2:a']);
    expect(drops.map((event) => [event.message.content, event.reason])).toEqual([
      ['b', 'handler-failed'],
      ['c', 'no-subscriber'],
    ]);
    expect(bus.metrics().dispatch).toEqual({ delivered: 2, noSubscriber: 1, handlerFailed: 1 });
    stop();
  });

  it('stops delivering to an unsubscribed handler', async () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    const stop = bus.subscribe('cli', (message) => {
      seen.push(message.content);
    });
    const controller = new AbortController();
    const dispatching = bus.dispatchOutbound({ signal: controller.signal });
    await bus.publishOutbound(reply('cli', 'before'));
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    await bus.publishOutbound(reply('cli', 'after'));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(dispatching).resolves.toBeUndefined();
    expect(seen).toEqual(['before']);
    expect(bus.metrics().dispatch.noSubscriber).toBe(1);
  });

  it('keeps a quiet session within a few receives of its publish while another floods', async () => {
    const fair = new MessageBus({ config: { inboundCapacity: 8, maxWaitingSenders: 4096 } });
    const waits = await quietWaits(fair, 2000, 100);
    expect(waits).toHaveLength(20);
    expect(Math.max(...waits)).toBeLessThanOrEqual(4);
    // The same flood without session lanes: the quiet message queues behind every parked flood publish.
    const fifo = new MessageBus({
      config: { inboundCapacity: 8, maxWaitingSenders: 4096 },
      fairSessions: false,
    });
    const fifoWaits = await quietWaits(fifo, 2000, 100);
    expect(Math.max(...fifoWaits)).toBeGreaterThan(1000);
  });

  it('keeps two sessions apart whose channel and chatId join to the same sessionKey ("a:b" + "c", "a" + "b:c")', async () => {
    const bus = new MessageBus({ config: { inboundCapacity: 8, maxWaitingSenders: 4096 } });
    const waits = await quietWaits(bus, 2000, 100, { flood: ['a:b', 'c'], quiet: ['a', 'b:c'] });
    expect(waits).toHaveLength(20);
    expect(Math.max(...waits)).toBeLessThanOrEqual(4);
  });

  it('serves the same chatId on two channels as two sessions', async () => {
    const bus = new MessageBus({ config: { inboundCapacity: 8, maxWaitingSenders: 4096 } });
    const waits = await quietWaits(bus, 2000, 100, { flood: ['telegram', '42'], quiet: ['slack', '42'] });
    expect(Math.max(...waits)).toBeLessThanOrEqual(4);
  });
});
