import { McpError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonRpcMessage } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { McpSession } from './mcp-session.js';

/** An in-memory transport whose `close()` can be made to reject. */
class MemoryTransport implements Transport {
  readonly sent: JsonRpcMessage[] = [];
  closeError: Error | undefined;
  onmessage?: (message: unknown) => void;
  onclose?: (error: McpError | undefined) => void;
  onerror?: (error: Error) => void;
  async start(): Promise<void> {}
  async send(message: JsonRpcMessage): Promise<void> {
    this.sent.push(message);
  }
  async close(): Promise<void> {
    if (this.closeError !== undefined) throw this.closeError;
    this.onclose?.(undefined);
  }
}

function recorder() {
  const warnings: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  return {
    warnings,
    logger: {
      warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }),
    },
  };
}

describe('McpSession wiring', () => {
  it('keeps the handlers the transport had and reports transport errors through its logger', () => {
    const transport = new MemoryTransport();
    const seen: unknown[] = [];
    transport.onmessage = (message) => seen.push(message);
    transport.onclose = (error) => seen.push(['closed', error?.kind]);
    transport.onerror = (error) => seen.push(['error', error.message]);
    const { warnings, logger } = recorder();
    new McpSession(transport, { server: 'mem', logger, redact: (text) => text.replace('s3cret', '[x]') });
    transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/message' });
    transport.onerror?.(new Error('a line with s3cret'));
    transport.onclose?.(new McpError({ kind: 'process-exited', message: 'gone' }));
    // (The session then closes the failed transport, whose close() reports once more.)
    expect(seen.slice(0, 3)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message' },
      ['error', 'a line with s3cret'],
      ['closed', 'process-exited'],
    ]);
    expect(warnings).toEqual([{ message: 'a line with [x]', fields: { server: 'mem' } }]);
  });

  it('rejects every pending request at once even when transport.close() rejects', async () => {
    const transport = new MemoryTransport();
    transport.closeError = new Error('close failed');
    const session = new McpSession(transport, {
      server: 'mem',
      timeoutMs: 60_000,
      logger: recorder().logger,
    });
    const calls = [session.request('ping'), session.request('tools/list')].map((call) =>
      call.catch((error: unknown) => error),
    );
    await expect(session.close()).rejects.toThrow('close failed');
    for (const error of await Promise.all(calls)) expect(error).toMatchObject({ kind: 'connection-closed' });
    expect(session.stats.pending).toBe(0);
  });

  it('logs the 1st, 10th, 100th, … response with an unknown id, not each one', () => {
    const transport = new MemoryTransport();
    const { warnings, logger } = recorder();
    const session = new McpSession(transport, { server: 'mem', logger });
    for (let index = 0; index < 100_000; index += 1) {
      transport.onmessage?.({ jsonrpc: '2.0', id: 1e9 + index, result: {} });
    }
    expect(session.stats.unknownResponses).toBe(100_000);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'dropped a response with an unknown id',
      ...[10, 100, 1000, 10_000, 100_000].map(
        (count) => `dropped a response with an unknown id (${count} times so far; logging each 10× more)`,
      ),
    ]);
  });
});

describe('McpSession results', () => {
  function setup() {
    const transport = new MemoryTransport();
    const session = new McpSession(transport, { server: 'mem', logger: recorder().logger });
    const answer = (result: unknown) => {
      const last = transport.sent.at(-1) as { id: number };
      transport.onmessage?.({ jsonrpc: '2.0', id: last.id, result });
    };
    return { session, answer };
  }

  it('validates a known method with its schema and applies its defaults', async () => {
    const { session, answer } = setup();
    const call = session.request('tools/call', { name: 'x' });
    answer({});
    const result = await call;
    expect(result.content).toEqual([]);
  });

  it('fails a malformed result with protocol-error naming the method', async () => {
    const { session, answer } = setup();
    const call = session.request('tools/list');
    answer({ tools: 'none' });
    await expect(call).rejects.toMatchObject({ kind: 'protocol-error', method: 'tools/list', server: 'mem' });
  });

  it('validates another method with the caller’s resultSchema', async () => {
    const { session, answer } = setup();
    const schema = z.object({ resources: z.array(z.string()) });
    const good = session.request('resources/list', {}, { resultSchema: schema });
    answer({ resources: ['a'] });
    expect((await good).resources).toEqual(['a']);
    const bad = session.request('resources/list', {}, { resultSchema: schema });
    answer({ resources: 3 });
    await expect(bad).rejects.toMatchObject({ kind: 'protocol-error', method: 'resources/list' });
  });
});
