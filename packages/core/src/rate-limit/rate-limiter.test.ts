import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

const limiter = (limits: Record<string, number | boolean>, clock: () => number) =>
  new RateLimiter({ limits: { enabled: true, windowMs: 1000, ...limits }, clock });

describe('RateLimiter', () => {
  it('admits perSenderLimit requests per sliding window and tells how long to wait', () => {
    let now = 0;
    const rate = limiter({ perSenderLimit: 2 }, () => now);
    expect(rate.tryAcquire('alice').ok).toBe(true);
    now = 400;
    expect(rate.tryAcquire('alice').ok).toBe(true);
    now = 500;
    expect(rate.tryAcquire('alice')).toEqual({ ok: false, scope: 'sender', retryAfterMs: 500 });
    now = 1000;
    expect(rate.tryAcquire('alice').ok).toBe(true);
    expect(rate.tryAcquire('alice').ok).toBe(false);
  });

  it('does not let rejected requests consume the global window', () => {
    let now = 0;
    const rate = limiter({ perSenderLimit: 1, globalLimit: 3 }, () => now);
    expect(rate.tryAcquire('flood').ok).toBe(true);
    for (let index = 0; index < 50; index += 1) expect(rate.tryAcquire('flood').ok).toBe(false);
    expect(rate.tryAcquire('quiet-1').ok).toBe(true);
    expect(rate.tryAcquire('quiet-2').ok).toBe(true);
    expect(rate.tryAcquire('quiet-3')).toMatchObject({ ok: false, scope: 'global' });
    now = 1000;
    expect(rate.tryAcquire('quiet-3').ok).toBe(true);
  });

  it('answers check without counting the request', () => {
    const rate = limiter({ perSenderLimit: 1 }, () => 0);
    for (let index = 0; index < 5; index += 1) expect(rate.check('alice').ok).toBe(true);
    expect(rate.tryAcquire('alice').ok).toBe(true);
    expect(rate.check('alice')).toMatchObject({ ok: false, scope: 'sender' });
  });

  it('throws a rate-limited RoutingError from acquire', () => {
    const rate = limiter({ perSenderLimit: 1 }, () => 0);
    rate.acquire('bob');
    expect(() => rate.acquire('bob')).toThrowError(
      expect.objectContaining({ kind: 'rate-limited', senderId: 'bob', scope: 'sender' }) as Error,
    );
  });

  it('tracks at most maxSenders senders, forgetting the least recently seen', () => {
    const rate = limiter({ perSenderLimit: 1, globalLimit: 10_000, maxSenders: 100 }, () => 0);
    for (let index = 0; index < 1000; index += 1) rate.tryAcquire(`sender-${index}`);
    expect(rate.trackedSenders).toBe(100);
  });

  it('admits everything when disabled', () => {
    const rate = new RateLimiter({ limits: { enabled: false, perSenderLimit: 1 } });
    expect([1, 2, 3].every(() => rate.tryAcquire('x').ok)).toBe(true);
  });
});
