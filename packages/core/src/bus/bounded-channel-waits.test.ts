import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { busErrorKind } from '../../test/bus-helpers.js';
import { BoundedChannel } from './bounded-channel.js';

function timers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('BoundedChannel waits', () => {
  it('releases a waiting sender on abort, removing it and its listener at once', async () => {
    const channel = new BoundedChannel<number>({ capacity: 1 });
    await channel.send(1);
    const controller = new AbortController();
    const parked = channel.send(2, { signal: controller.signal });
    const behind = channel.send(3);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(await busErrorKind(parked)).toBe('aborted');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(channel.metrics().waitingSenders).toBe(1);
    expect(channel.metrics().dropped.aborted).toBe(1);
    expect(await channel.receive()).toBe(1);
    await behind;
    expect(await channel.receive()).toBe(3);
  });

  it('serves waiting senders round-robin by lane after one that waited alone gave up', async () => {
    const channel = new BoundedChannel<string>({ capacity: 1, laneOf: (item) => item[0] as string });
    channel.trySend('held');
    const controller = new AbortController();
    const gone = channel.send('a gone', { signal: controller.signal });
    controller.abort();
    expect(await busErrorKind(gone)).toBe('aborted');
    // Two of lane a, then one of lane b: b's sender is served second, not behind both of a's.
    const sends = ['a1', 'a2', 'b1'].map((item) => channel.send(item));
    const order: string[] = [];
    for (let index = 0; index < 4; index += 1) order.push(await channel.receive());
    await Promise.all(sends);
    expect(order).toEqual(['held', 'a1', 'b1', 'a2']);
  });

  it('rejects a send whose signal is already aborted without enqueueing it', async () => {
    const channel = new BoundedChannel<number>();
    expect(await busErrorKind(channel.send(1, { signal: AbortSignal.abort() }))).toBe('aborted');
    expect(channel.size).toBe(0);
  });

  it('fails a blocked send with bus-full after timeoutMs and clears its timer', async () => {
    const channel = new BoundedChannel<number>({ capacity: 1, sendTimeoutMs: 5 });
    await channel.send(1);
    const before = timers();
    expect(await busErrorKind(channel.send(2))).toBe('bus-full');
    expect(channel.metrics()).toMatchObject({ waitingSenders: 0, dropped: { timeout: 1 } });
    const accepted = channel.send(3, { timeoutMs: 10_000 });
    expect(timers()).toBe(before + 1);
    await channel.receive();
    await accepted;
    expect(timers()).toBe(before);
  });

  it('clears the timer and abort listener of a waiting sender that is closed out or aborted', async () => {
    const channel = new BoundedChannel<number>({ capacity: 1 });
    await channel.send(1);
    const before = timers();
    const controller = new AbortController();
    const aborted = channel.send(2, { signal: controller.signal, timeoutMs: 10_000 });
    const alsoAborted = channel.send(3, { signal: controller.signal, timeoutMs: 10_000 });
    expect(timers()).toBe(before + 2);
    controller.abort();
    expect(await busErrorKind(aborted)).toBe('aborted');
    expect(await busErrorKind(alsoAborted)).toBe('aborted');
    const lingering = new AbortController();
    const closing = channel.send(4, { signal: lingering.signal, timeoutMs: 10_000 });
    channel.close();
    expect(await busErrorKind(closing)).toBe('bus-closed');
    expect(timers()).toBe(before);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(lingering.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no abort listener behind when a waiting sender or receiver is served', async () => {
    const controller = new AbortController();
    const channel = new BoundedChannel<number>({ capacity: 1 });
    const receiving = channel.receive({ signal: controller.signal });
    await channel.send(1, { signal: controller.signal });
    expect(await receiving).toBe(1);
    await channel.send(2);
    const sending = channel.send(3, { signal: controller.signal });
    await channel.receive();
    await sending;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('serves parked receivers what was sent just before close, then ends the rest', async () => {
    const channel = new BoundedChannel<number>();
    const first = channel.receive();
    const second = channel.receive();
    channel.trySend(1);
    channel.close();
    await expect(first).resolves.toBe(1);
    expect(await busErrorKind(second)).toBe('bus-closed');
  });

  it('keeps an item for the next receiver when its parked receiver aborts before being served', async () => {
    const controller = new AbortController();
    const channel = new BoundedChannel<number>();
    const parked = channel.receive({ signal: controller.signal });
    channel.trySend(1);
    controller.abort();
    expect(await busErrorKind(parked)).toBe('aborted');
    expect(await channel.receive()).toBe(1);
    expect(channel.metrics()).toMatchObject({ accepted: 1, delivered: 1, droppedTotal: 0 });
  });

  it('aborts a waiting receiver with kind aborted', async () => {
    const controller = new AbortController();
    const channel = new BoundedChannel<number>();
    const receiving = channel.receive({ signal: controller.signal });
    controller.abort();
    expect(await busErrorKind(receiving)).toBe('aborted');
    expect(channel.metrics().waitingReceivers).toBe(0);
    await channel.send(1);
    expect(channel.size).toBe(1);
  });

  it('settles a timed-out sender even when onDrop throws, re-throwing the hook error asynchronously', async () => {
    const hookError = new Error('bad hook');
    const deferred: (() => void)[] = [];
    const spy = vi
      .spyOn(globalThis, 'queueMicrotask')
      .mockImplementation((callback) => deferred.push(callback));
    try {
      const channel = new BoundedChannel<number>({
        capacity: 1,
        onDrop: () => {
          throw hookError;
        },
      });
      await channel.send(1);
      expect(await busErrorKind(channel.send(2, { timeoutMs: 1 }))).toBe('bus-full');
      expect(channel.metrics()).toMatchObject({ waitingSenders: 0, dropped: { timeout: 1 } });
    } finally {
      spy.mockRestore();
    }
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]?.()).toThrow(hookError);
  });

  it('bounds waiting senders with maxWaitingSenders: 100k sends that do not await park only that many', async () => {
    const drops: string[] = [];
    const channel = new BoundedChannel<number>({
      capacity: 4,
      maxWaitingSenders: 16,
      onDrop: (_, reason) => drops.push(reason),
    });
    const sends = Array.from({ length: 100_000 }, (_, index) => channel.send(index));
    expect(channel.metrics()).toMatchObject({ depth: 4, waitingSenders: 16, dropped: { rejected: 99_980 } });
    const error = await sends.at(-1)?.catch((reason: unknown) => reason);
    expect(error).toMatchObject({ kind: 'bus-full', message: expect.stringContaining('maxWaitingSenders') });
    const received: number[] = [];
    for (let index = 0; index < 20; index += 1) received.push(await channel.receive());
    expect(received).toEqual(Array.from({ length: 20 }, (_, index) => index));
    await Promise.allSettled(sends);
    expect(drops).toHaveLength(99_980);
    expect(() => new BoundedChannel({ maxWaitingSenders: 0 })).toThrow(/`maxWaitingSenders`.*`0`/);
  });
});
