import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { McpClient, StreamableHttpTransport } from '../src/index.js';
import { recordingLogger, waitUntil } from './helpers.js';

type GetHandler = (res: ServerResponse, attempt: number) => void;

/** A Streamable HTTP server on 127.0.0.1 whose GET event stream is scripted by `onGet`. */
async function eventStreamServer(onGet: GetHandler) {
  const gets: Array<{ lastEventId: string | undefined }> = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method === 'GET') {
      gets.push({ lastEventId: req.headers['last-event-id'] as string | undefined });
      return onGet(res, gets.length);
    }
    if (req.method === 'DELETE') return res.writeHead(200).end();
    const message = JSON.parse(body);
    if (message.id === undefined) return res.writeHead(202).end();
    const result = {
      protocolVersion: '2025-11-25',
      capabilities: {},
      serverInfo: { name: 's', version: '1' },
    };
    res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'events-1' });
    return res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return { url, gets, close };
}

function logEvent(id: string, n: number): string {
  const message = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: n } };
  return `id: ${id}\ndata: ${JSON.stringify(message)}\n\n`;
}

describe('StreamableHttpTransport GET event stream', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function connect(url: string, maxRestarts = 5) {
    const logger = recordingLogger();
    const client = new McpClient({
      server: 'events',
      logger,
      createTransport: () =>
        new StreamableHttpTransport({
          url,
          server: 'events',
          logger,
          eventStreamReconnect: { maxRestarts, initialDelayMs: 10, maxDelayMs: 40 },
        }),
    });
    cleanups.push(() => client.close());
    const data: unknown[] = [];
    client.onNotification('notifications/message', (params) => data.push(params?.data));
    await client.connect();
    return { client, data, logger };
  }

  it('reopens the stream when the server ends it, resuming with Last-Event-ID', async () => {
    const server = await eventStreamServer((res, attempt) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // A priming event (id, empty data) holds no message and must not be logged as bad JSON.
      res.write(`id: p${attempt}\ndata: \n\n`);
      if (attempt === 1) res.end(logEvent('e1', 1));
      else res.write(logEvent('e2', 2));
    });
    cleanups.push(server.close);
    const { data, logger } = await connect(server.url);
    expect(await waitUntil(() => data.length === 2, 20_000)).toBe(true);
    expect(data).toEqual([1, 2]);
    expect(server.gets).toEqual([{ lastEventId: undefined }, { lastEventId: 'e1' }]);
    expect(logger.messages.filter((message) => message.includes('non-JSON'))).toEqual([]);
  });

  it('stops reopening after maxRestarts failures in a row, and at once on a 4xx', async () => {
    const failing = await eventStreamServer((res) => res.writeHead(503).end('busy'));
    cleanups.push(failing.close);
    const { logger } = await connect(failing.url, 2);
    expect(await waitUntil(() => logger.messages.some((m) => m.includes('not reopening')), 20_000)).toBe(
      true,
    );
    expect(failing.gets).toHaveLength(3);

    const refusing = await eventStreamServer((res) => res.writeHead(403).end('no'));
    cleanups.push(refusing.close);
    const second = await connect(refusing.url, 2);
    expect(await waitUntil(() => second.logger.messages.some((m) => m.includes('refused')), 20_000)).toBe(
      true,
    );
    expect(refusing.gets).toHaveLength(1);
  });
});
