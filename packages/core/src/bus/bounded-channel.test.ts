import { BusError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { busErrorKind } from '../../test/bus-helpers.js';
import { BoundedChannel } from './bounded-channel.js';
import type { DropReason } from './channel-options.js';

async function settled<T>(promise: Promise<T>): Promise<{ done: boolean }> {
  const state = { done: false };
  void promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

async function drain<T>(channel: BoundedChannel<T>): Promise<T[]> {
  channel.close();
  const items: T[] = [];
  for await (const item of channel) items.push(item);
  return items;
}

describe('BoundedChannel', () => {
  it('makes the third send wait at capacity 2 and accepts it after one receive, in order', async () => {
    const channel = new BoundedChannel<number>({ capacity: 2 });
    await channel.send(1);
    await channel.send(2);
    const third = channel.send(3);
    expect((await settled(third)).done).toBe(false);
    expect(channel.metrics().waitingSenders).toBe(1);
    expect(await channel.receive()).toBe(1);
    await expect(third).resolves.toBe('accepted');
    expect(await drain(channel)).toEqual([2, 3]);
    expect(channel.metrics().sendWait.count).toBe(1);
  });

  it('serves waiting senders first come, first served', async () => {
    const channel = new BoundedChannel<string>({ capacity: 1 });
    await channel.send('a');
    const waiting = ['b', 'c', 'd'].map((item) => channel.send(item));
    expect(channel.trySend('late')).toBe('rejected');
    const received: string[] = [];
    for (let index = 0; index < 4; index += 1) received.push(await channel.receive());
    await Promise.all(waiting);
    expect(received).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the newest N in order under drop-oldest and reports each eviction', async () => {
    const drops: [number, DropReason][] = [];
    const channel = new BoundedChannel<number>({
      capacity: 3,
      overflowPolicy: 'drop-oldest',
      onDrop: (item, reason) => drops.push([item, reason]),
    });
    const outcomes = [];
    for (let item = 1; item <= 7; item += 1) outcomes.push(await channel.send(item));
    expect(outcomes.slice(0, 3)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(outcomes.slice(3)).toEqual(Array(4).fill('dropped-oldest'));
    expect(drops).toEqual([1, 2, 3, 4].map((item) => [item, 'dropped-oldest']));
    expect(channel.metrics().dropped['dropped-oldest']).toBe(4);
    expect(await drain(channel)).toEqual([5, 6, 7]);
  });

  it('makes a flooding lane evict its own oldest items under drop-oldest with laneOf', async () => {
    const drops: string[] = [];
    const channel = new BoundedChannel<string>({
      capacity: 3,
      overflowPolicy: 'drop-oldest',
      laneOf: (item) => item.charAt(0),
      onDrop: (item) => drops.push(item),
    });
    channel.trySend('q1');
    for (let index = 1; index <= 10; index += 1) channel.trySend(`f${index}`);
    expect(drops).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8']);
    expect(await drain(channel)).toEqual(['q1', 'f9', 'f10']);
  });

  it('keeps the oldest N under drop-newest and reports each discarded item', async () => {
    const drops: number[] = [];
    const channel = new BoundedChannel<number>({
      capacity: 3,
      overflowPolicy: 'drop-newest',
      onDrop: (item) => drops.push(item),
    });
    for (let item = 1; item <= 6; item += 1) await channel.send(item);
    expect(channel.trySend(7)).toBe('dropped-newest');
    expect(drops).toEqual([4, 5, 6, 7]);
    expect(channel.metrics().dropped['dropped-newest']).toBe(4);
    expect(await drain(channel)).toEqual([1, 2, 3]);
  });

  it('rejects with bus-full under reject and counts the refusal', async () => {
    const channel = new BoundedChannel<number>({ capacity: 1, overflowPolicy: 'reject', name: 'jobs' });
    await channel.send(1);
    const error = await channel.send(2).catch((caught: unknown) => caught);
    expect(BusError.is(error) && [error.kind, error.channel, error.retryable]).toEqual([
      'bus-full',
      'jobs',
      true,
    ]);
    expect(channel.trySend(3)).toBe('rejected');
    expect(channel.metrics().dropped.rejected).toBe(2);
  });

  it('drains what was accepted after close, then ends receivers and refuses sends', async () => {
    const channel = new BoundedChannel<number>({ capacity: 4 });
    await channel.send(1);
    await channel.send(2);
    channel.close();
    expect(await busErrorKind(channel.send(3))).toBe('bus-closed');
    expect(channel.trySend(4)).toBe('closed');
    expect(await channel.receive()).toBe(1);
    expect(await channel.receive()).toBe(2);
    expect(await busErrorKind(channel.receive())).toBe('bus-closed');
    expect(channel.metrics().dropped.closed).toBe(2);
  });

  it('ends parked receivers and rejects parked senders on close', async () => {
    const empty = new BoundedChannel<number>();
    const iteration = (async () => {
      const seen: number[] = [];
      for await (const item of empty) seen.push(item);
      return seen;
    })();
    await empty.send(1);
    await new Promise((resolve) => setImmediate(resolve));
    empty.close();
    await expect(iteration).resolves.toEqual([1]);

    const full = new BoundedChannel<number>({ capacity: 1 });
    await full.send(1);
    const parked = full.send(2);
    full.close();
    expect(await busErrorKind(parked)).toBe('bus-closed');
    expect(await full.receive()).toBe(1);
  });

  it('bounds held bytes with maxBytes and refuses an item larger than maxBytes', async () => {
    const channel = new BoundedChannel<string>({ capacity: 10, maxBytes: 6, sizeOf: (item) => item.length });
    expect(channel.trySend('abcd')).toBe('accepted');
    expect(channel.trySend('efg')).toBe('rejected');
    expect(await busErrorKind(channel.send('x'.repeat(7)))).toBe('bus-full');
    expect(channel.metrics()).toMatchObject({ bytes: 4, dropped: { oversize: 1, rejected: 1 } });
    const waiting = channel.send('efg');
    await channel.receive();
    await waiting;
    expect(channel.metrics().bytes).toBe(3);
  });

  it('evicts as many oldest items as the bytes of a new one need under drop-oldest', async () => {
    const channel = new BoundedChannel<string>({
      maxBytes: 6,
      overflowPolicy: 'drop-oldest',
      sizeOf: (item) => item.length,
    });
    for (const item of ['aa', 'bb', 'cc']) channel.trySend(item);
    expect(channel.trySend('dddd')).toBe('dropped-oldest');
    expect(await drain(channel)).toEqual(['cc', 'dddd']);
  });

  it('tracks depth, high-water mark, accepted and delivered', async () => {
    const channel = new BoundedChannel<number>({ capacity: 8 });
    for (let item = 0; item < 5; item += 1) channel.trySend(item);
    await channel.receive();
    await channel.receive();
    expect(channel.metrics()).toMatchObject({ depth: 3, highWaterMark: 5, accepted: 5, delivered: 2 });
  });

  it('makes no lane for chats served as they come, and keeps as many idle lanes as it holds items', async () => {
    const channel = new BoundedChannel<{ chat: string }>({ capacity: 1024, laneOf: (item) => item.chat });
    for (let chat = 0; chat < 1000; chat += 1) {
      await channel.send({ chat: `chat-${chat}` });
      expect(await channel.receive()).toEqual({ chat: `chat-${chat}` });
    }
    // One item held at a time: arrival order is round-robin order, so no lane is looked up (decision 0273).
    expect(channel.metrics()).toMatchObject({ depth: 0, lanes: 0 });
    // A consumer that falls 1000 chats behind, three times: the 1000 lanes made the first time are used again.
    for (let round = 0; round < 3; round += 1) {
      for (let chat = 0; chat < 1000; chat += 1) await channel.send({ chat: `chat-${chat}` });
      for (let chat = 0; chat < 1000; chat += 1)
        expect(await channel.receive()).toEqual({ chat: `chat-${chat}` });
    }
    // Before decision 0272, idle lanes were swept past 64, so each of these 3000 messages made a new lane.
    expect(channel.metrics()).toMatchObject({ depth: 0, lanes: 1000 });
    for (let key = 0; key < 10_000; key += 1) channel.trySend({ chat: `one-off-${key}` });
    for (let key = 0; key < 10_000; key += 1) if (channel.size > 0) await channel.receive();
    expect(channel.metrics().lanes).toBeLessThanOrEqual(1025);
    expect(new BoundedChannel<number>().metrics().lanes).toBe(0);
  });

  it('retires the lanes of parked senders that gave up: 10,000 one-off chats leave at most 65 lanes', async () => {
    const channel = new BoundedChannel<{ chat: string }>({ capacity: 1, laneOf: (item) => item.chat });
    channel.trySend({ chat: 'held' });
    for (let key = 0; key < 10_000; key += 1) {
      const abort = new AbortController();
      const sending = channel.send({ chat: `one-off-${key}` }, { signal: abort.signal });
      abort.abort();
      await expect(sending).rejects.toMatchObject({ kind: 'aborted' });
    }
    expect(channel.metrics()).toMatchObject({ depth: 1, waitingSenders: 0 });
    expect(channel.metrics().lanes).toBeLessThanOrEqual(65);
  });

  it('throws a TypeError quoting a bad option', () => {
    expect(() => new BoundedChannel({ capacity: 0 })).toThrow(/`capacity`.*`0`/);
    expect(() => new BoundedChannel({ maxBytes: 1.5 })).toThrow(TypeError);
    expect(() => new BoundedChannel({ sendTimeoutMs: -1 })).toThrow(TypeError);
    expect(() => new BoundedChannel<string>({ laneGroupOf: (item) => item })).toThrow(/`laneOf`/);
    expect(() => new BoundedChannel({ sendTimeoutMs: 2 ** 31 })).toThrow(TypeError);
    expect(() => new BoundedChannel({ overflowPolicy: 'spill' as 'block' })).toThrow(/`spill`/);
    expect(() => new BoundedChannel().send(1, { timeoutMs: Number.NaN })).toThrow(TypeError);
  });
});
