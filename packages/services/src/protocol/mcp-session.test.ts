import { getEventListeners } from 'node:events';
import { McpError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { JsonRpcMessage } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { silentLogger } from '../logger.js';
import { McpSession } from './mcp-session.js';
import type { RequestOptions } from './request-options.js';

class MemoryTransport implements Transport {
  readonly sent: JsonRpcMessage[] = [];
  onmessage?: (message: unknown) => void;
  onclose?: (error: McpError | undefined) => void;
  async start(): Promise<void> {}
  async send(message: JsonRpcMessage): Promise<void> {
    this.sent.push(message);
  }
  async close(): Promise<void> {
    this.onclose?.(undefined);
  }
  requests(method: string): Array<{ id: number; params?: Record<string, unknown> }> {
    return this.sent.filter((message) => 'method' in message && message.method === method) as never;
  }
}

describe('McpSession', () => {
  let transport: MemoryTransport;
  let session: McpSession;
  beforeEach(() => {
    vi.useFakeTimers();
    transport = new MemoryTransport();
    session = new McpSession(transport, { server: 'mem', timeoutMs: 1000, logger: silentLogger });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  /** Any method, its result taken as it comes. */
  const ask = (method: string, params: Record<string, unknown> = {}, options: RequestOptions = {}) =>
    session.request(method, params, { ...options, resultSchema: z.unknown() });

  it('uses increasing integer ids and matches responses out of order', async () => {
    const first = ask('a');
    const second = ask('b');
    const [a, b] = [transport.requests('a')[0]!, transport.requests('b')[0]!];
    expect([a.id, b.id]).toEqual([1, 2]);
    transport.onmessage?.({ jsonrpc: '2.0', id: 2, result: 'two' });
    transport.onmessage?.({ jsonrpc: '2.0', id: '1', result: 'one' });
    await expect(Promise.all([first, second])).resolves.toEqual(['one', 'two']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes the entry and its timer on timeout, sends notifications/cancelled, and counts the late answer', async () => {
    const call = ask('slow', {}, { timeoutMs: 50 });
    const rejected = expect(call).rejects.toMatchObject({
      kind: 'request-timeout',
      method: 'slow',
      server: 'mem',
    });
    await vi.advanceTimersByTimeAsync(50);
    await rejected;
    expect(session.stats.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(transport.requests('notifications/cancelled')[0]?.params).toEqual({
      requestId: 1,
      reason: 'timed out',
    });
    transport.onmessage?.({ jsonrpc: '2.0', id: 1, result: 'late' });
    transport.onmessage?.({ jsonrpc: '2.0', id: 99, result: 'unknown' });
    expect(session.stats).toEqual({ pending: 0, lateResponses: 1, unknownResponses: 1 });
  });

  it('on abort rejects with aborted (not a timeout), removes the timer and the abort listener', async () => {
    const controller = new AbortController();
    const call = ask('work', {}, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(new Error('stop'));
    const error = await call.catch((caught: unknown) => caught);
    expect(McpError.is(error) && error.kind).toBe('aborted');
    expect((error as McpError).cause).toEqual(new Error('stop'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(transport.requests('notifications/cancelled')).toHaveLength(1);
  });

  it('removes the abort listener when the request succeeds', async () => {
    const controller = new AbortController();
    const call = ask('work', {}, { signal: controller.signal });
    transport.onmessage?.({ jsonrpc: '2.0', id: 1, result: {} });
    await call;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('never sends notifications/cancelled for initialize', async () => {
    const controller = new AbortController();
    const call = ask('initialize', {}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'aborted' });
    expect(transport.requests('notifications/cancelled')).toHaveLength(0);
  });

  it('adds a progress token, reports progress and resets the timeout on it when asked', async () => {
    const updates: number[] = [];
    const call = ask(
      'long',
      { _meta: { other: 1 } },
      {
        timeoutMs: 100,
        resetTimeoutOnProgress: true,
        onProgress: (update) => updates.push(update.progress),
      },
    );
    expect(transport.requests('long')[0]?.params).toEqual({ _meta: { other: 1, progressToken: 1 } });
    for (let step = 1; step <= 3; step += 1) {
      await vi.advanceTimersByTimeAsync(80);
      transport.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 1, progress: step },
      });
    }
    transport.onmessage?.({ jsonrpc: '2.0', id: 1, result: 'done' });
    await expect(call).resolves.toBe('done');
    expect(updates).toEqual([1, 2, 3]);
  });

  it('keeps the connection and the request when an onProgress callback throws', async () => {
    const call = ask(
      'long',
      {},
      {
        onProgress: () => {
          throw new Error('bug in the caller');
        },
      },
    );
    const progress = { progressToken: 1, progress: 1 };
    expect(() =>
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/progress', params: progress }),
    ).not.toThrow();
    transport.onmessage?.({ jsonrpc: '2.0', id: 1, result: 'done' });
    await expect(call).resolves.toBe('done');
    expect(session.closedError).toBeUndefined();
  });

  it('rejects every pending request at once when the transport closes, and fails later ones fast', async () => {
    const calls = [ask('a'), ask('b')].map((call) => call.catch((error: unknown) => error));
    const closed = new McpError({ kind: 'process-exited', message: 'gone', exitCode: 1 });
    transport.onclose?.(closed);
    expect(await Promise.all(calls)).toEqual([closed, closed]);
    expect(vi.getTimerCount()).toBe(0);
    await expect(ask('c')).rejects.toBe(closed);
  });

  it('answers ping with {} and unknown server requests with -32601, and dispatches notifications', async () => {
    const seen: unknown[] = [];
    session.onNotification('notifications/message', (params) => seen.push(params));
    transport.onmessage?.({ jsonrpc: '2.0', id: 'p', method: 'ping' });
    transport.onmessage?.({ jsonrpc: '2.0', id: 7, method: 'roots/list' });
    transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.sent).toHaveLength(2);
    expect(transport.sent).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 'p', result: {} },
        { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found: roots/list' } },
      ]),
    );
    expect(seen).toEqual([{ level: 'info' }]);
    expect(session.stats.unknownResponses).toBe(0);
  });

  it('maps a JSON-RPC error response to rpc-error with code and data', async () => {
    const call = ask('tools/call');
    transport.onmessage?.({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32602, message: 'bad', data: { field: 'x' } },
    });
    await expect(call).rejects.toMatchObject({ kind: 'rpc-error', code: -32602, data: { field: 'x' } });
  });

  it('rejects at once for a signal that is already aborted, without sending', async () => {
    await expect(ask('x', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(transport.sent).toHaveLength(0);
  });

  it('refuses a timeout Node cannot schedule with a TypeError quoting it', async () => {
    await expect(ask('x', {}, { timeoutMs: 0 })).rejects.toThrow(
      new TypeError('MCP request timeouts must be whole milliseconds from 1 to 2147483647, got 0'),
    );
    await expect(ask('x', {}, { maxTotalTimeoutMs: Number.POSITIVE_INFINITY })).rejects.toThrow(
      'got Infinity',
    );
    expect(transport.sent).toHaveLength(0);
  });
});
