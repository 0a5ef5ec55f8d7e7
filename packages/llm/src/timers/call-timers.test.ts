import type { TimeoutKind } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallTimers } from './call-timers.js';

const settings = { headersMs: 100, firstTokenMs: 200, idleMs: 50, totalMs: 1000 };

describe('CallTimers', () => {
  let fired: TimeoutKind[];
  let timers: CallTimers;
  beforeEach(() => {
    vi.useFakeTimers();
    fired = [];
    timers = new CallTimers(settings, (kind) => fired.push(kind));
  });
  afterEach(() => {
    timers.clear();
    vi.useRealTimers();
  });

  it('fires headers when no headers arrive in headersMs', () => {
    timers.start();
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['headers']);
  });

  it('hands over to first-token at the headers', () => {
    timers.start();
    vi.advanceTimersByTime(90);
    timers.headersReceived();
    vi.advanceTimersByTime(199);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['first-token']);
  });

  it('fires idle only after idleMs without output, each output restarting the gap', () => {
    timers.start();
    timers.headersReceived();
    timers.output();
    for (let step = 0; step < 10; step += 1) {
      vi.advanceTimersByTime(40);
      timers.output();
    }
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(['idle']);
  });

  it('does not count the time the consumer holds a part as idle', () => {
    timers.start();
    timers.headersReceived();
    timers.output();
    timers.pause();
    vi.advanceTimersByTime(500);
    expect(fired).toEqual([]);
    timers.resume();
    vi.advanceTimersByTime(49);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(60);
    expect(fired).toEqual(['idle']);
  });

  it('fires total however busy the stream is, and only one timer ever fires', () => {
    timers.start();
    timers.headersReceived();
    for (let step = 0; step < 60; step += 1) {
      vi.advanceTimersByTime(20);
      timers.output();
    }
    expect(fired).toEqual(['total']);
  });

  it('leaves no timer after clear', () => {
    timers.start();
    timers.headersReceived();
    timers.output();
    timers.clear();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('treats 0 as disabled', () => {
    const off = new CallTimers({ headersMs: 0, firstTokenMs: 0, idleMs: 0, totalMs: 0 }, (kind) =>
      fired.push(kind),
    );
    off.start();
    off.headersReceived();
    off.output();
    expect(vi.getTimerCount()).toBe(0);
  });
});
