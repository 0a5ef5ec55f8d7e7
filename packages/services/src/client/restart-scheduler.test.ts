import { McpError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.js';
import { RestartScheduler } from './restart-scheduler.js';

const dropped = new McpError({ kind: 'process-exited', message: 'gone', server: 'mem' });

describe('RestartScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function make(reconnect: () => Promise<unknown>) {
    return new RestartScheduler({
      restart: { maxRestarts: 2, initialDelayMs: 100 },
      server: 'mem',
      logger: silentLogger,
      reconnect,
    });
  }

  it('keeps one timer however often it is told of the same failure', async () => {
    const reconnect = vi.fn(() => Promise.resolve());
    const restarts = make(reconnect);
    restarts.failed(dropped);
    restarts.failed(dropped);
    expect(vi.getTimerCount()).toBe(1);
    expect(restarts.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(reconnect).toHaveBeenCalledTimes(1);
    expect(restarts.attempts).toBe(0);
  });

  it('retries a failed attempt until the restarts are used up, then starts nothing', async () => {
    const reconnect = vi.fn(() => Promise.reject(dropped));
    const restarts = make(reconnect);
    restarts.failed(dropped);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reconnect).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() clears the pending timer', () => {
    const reconnect = vi.fn(() => Promise.resolve());
    const restarts = make(reconnect);
    restarts.failed(dropped);
    restarts.stop();
    expect(vi.getTimerCount()).toBe(0);
    restarts.failed(dropped);
    expect(restarts.scheduled).toBe(false);
  });
});
