import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { McpClient } from '../src/index.js';
import { FAKE_SERVER, firstText, stdioClient, waitUntil } from './helpers.js';

/** Follows every timer set through the global `setTimeout` from now on: `live` holds those not yet fired or cleared. */
function trackTimers() {
  const live = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle = realSet(() => {
      live.delete(handle);
      callback(...args);
    }, ms);
    live.add(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    live.delete(handle);
    realClear(handle);
  });
  return live;
}

describe('resources of a request after every way it ends (real stdio server)', () => {
  let client: McpClient | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await client?.close();
    client = undefined;
  });

  it('leaves no entry, timer or abort listener after answers, errors, timeouts, aborts and the server exiting', async () => {
    const made = stdioClient('fake', FAKE_SERVER, []);
    client = made.client;
    await client.connect();
    const timers = trackTimers();
    const signals = Array.from({ length: 6 }, () => new AbortController());
    const listeners = () => signals.map(({ signal }) => getEventListeners(signal, 'abort').length);

    const answered = await client.callTool('echo', { message: 'a' }, { signal: signals[0]!.signal });
    expect(firstText(answered)).toBe('a');
    await expect(client.callTool('no-such-tool', {}, { signal: signals[1]!.signal })).rejects.toMatchObject({
      kind: 'rpc-error',
    });
    await expect(
      client.callTool(
        'slow',
        { ms: 5000 },
        { timeoutMs: 50, maxTotalTimeoutMs: 60_000, signal: signals[2]!.signal },
      ),
    ).rejects.toMatchObject({ kind: 'request-timeout' });
    const aborted = client.callTool('slow', { ms: 5000 }, { signal: signals[3]!.signal });
    signals[3]!.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    expect(client.stats.pending).toBe(0);
    expect(listeners()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(timers.size).toBe(0);

    // Two calls in flight, each with a timer, a total timer and an abort listener, when the server exits.
    const inFlight = [4, 5].map((index) =>
      client!
        .callTool('slow', { ms: 30_000 }, { maxTotalTimeoutMs: 60_000, signal: signals[index]!.signal })
        .catch((error: unknown) => error),
    );
    expect(client.stats.pending).toBe(2);
    expect(listeners()).toEqual([0, 0, 0, 0, 1, 1]);
    expect(timers.size).toBe(4);
    await expect(client.callTool('exit', { code: 0 })).rejects.toMatchObject({ kind: 'process-exited' });
    for (const error of await Promise.all(inFlight)) expect(error).toMatchObject({ kind: 'process-exited' });
    expect(client.stats.pending).toBe(0);
    expect(listeners()).toEqual([0, 0, 0, 0, 0, 0]);
    // The transport may still be waiting a moment for the exit to be reported; the requests' 60 s timers
    // would outlast this wait by far.
    expect(await waitUntil(() => timers.size === 0, 20_000)).toBe(true);
  });
});
