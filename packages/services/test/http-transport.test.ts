import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpClient, StreamableHttpTransport } from '../src/index.js';
import { firstText, recordingLogger, waitUntil } from './helpers.js';

interface Seen {
  method: string;
  rpcMethod: string | undefined;
  headers: IncomingHttpHeaders;
}

describe('StreamableHttpTransport (scripted HTTP server on 127.0.0.1)', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  /** Stalled POSTs by id: true once the client closed the connection. */
  const stalled = new Map<number, boolean>();

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const message = body === '' ? undefined : JSON.parse(body);
      seen.push({ method: req.method ?? '', rpcMethod: message?.method, headers: req.headers });
      if (req.method === 'DELETE') return res.writeHead(200).end();
      if (req.method === 'GET') return res.writeHead(405).end();
      if (message.id === undefined) return res.writeHead(202).end();
      const reply = (result: unknown) => JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
      switch (message.method) {
        case 'initialize':
          res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'session-42' });
          return res.end(
            reply({
              protocolVersion: '2025-06-18',
              capabilities: {},
              serverInfo: { name: 's', version: '1' },
            }),
          );
        case 'tools/call': {
          if (message.params.name === 'expire') return res.writeHead(404).end('unknown session');
          if (message.params.name === 'stall') {
            // Answers nothing and never ends the reply: only the client can end this POST.
            stalled.set(message.id, false);
            res.on('close', () => stalled.set(message.id, true));
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            return res.write(': working\n\n');
          }
          if (message.params.name === 'huge') {
            // One event of 256 KiB of data, written in 4 KiB pieces, never finished by a blank line.
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write('data: ');
            for (let index = 0; index < 64; index += 1) res.write('x'.repeat(4096));
            return res.end();
          }
          if (message.params.name === 'hang-up') {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            return res.end(': nothing for you\r\n\r\n');
          }
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const progress = JSON.stringify({
            jsonrpc: '2.0',
            method: 'notifications/progress',
            params: { progressToken: message.params._meta?.progressToken, progress: 1 },
          });
          const answer = reply({ content: [{ type: 'text', text: `ok ${message.params.arguments.n}` }] });
          // CRLF endings, a comment, an event split mid-line and mid-CRLF across writes.
          res.write(`: keepalive\r\nevent: message\r\ndata: ${progress}\r\n\r\n`);
          res.write(`data: ${answer.slice(0, 10)}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          res.write(`${answer.slice(10)}\r`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return res.end('\n\r\n');
        }
        default:
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'nope' } }),
          );
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });

  afterAll(async () => {
    // A failed test may leave a stalled POST open; closing it here keeps the failure from becoming a hook timeout.
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  function makeClient(maxMessageBytes?: number) {
    return new McpClient({
      server: 'scripted',
      logger: recordingLogger(),
      createTransport: () =>
        new StreamableHttpTransport({
          url,
          server: 'scripted',
          headers: { authorization: 'Bearer t' },
          ...(maxMessageBytes !== undefined && { maxMessageBytes }),
        }),
    });
  }

  it('sends the session id and the negotiated MCP-Protocol-Version after initialize', async () => {
    seen.length = 0;
    const client = makeClient();
    await client.connect();
    const updates: number[] = [];
    const result = await client.callTool(
      'echo',
      { n: 7 },
      { onProgress: (update) => updates.push(update.progress) },
    );
    expect(firstText(result)).toBe('ok 7');
    expect(updates).toEqual([1]);
    await client.close();
    const byRpc = (method: string) => seen.find((entry) => entry.rpcMethod === method);
    const [initialize, initialized, call] = [
      byRpc('initialize'),
      byRpc('notifications/initialized'),
      byRpc('tools/call'),
    ];
    const [events, remove] = [
      seen.find((entry) => entry.method === 'GET'),
      seen.find((entry) => entry.method === 'DELETE'),
    ];
    expect(initialize?.headers['mcp-session-id']).toBeUndefined();
    expect(initialize?.headers.accept).toBe('application/json, text/event-stream');
    expect(initialize?.headers.authorization).toBe('Bearer t');
    expect(initialized).toMatchObject({ rpcMethod: 'notifications/initialized' });
    expect(initialized?.headers['mcp-protocol-version']).toBe('2025-06-18');
    expect(call?.headers).toMatchObject({
      'mcp-session-id': 'session-42',
      'mcp-protocol-version': '2025-06-18',
    });
    expect(events?.headers).toMatchObject({ accept: 'text/event-stream', 'mcp-session-id': 'session-42' });
    expect(remove).toMatchObject({ method: 'DELETE', headers: { 'mcp-session-id': 'session-42' } });
  });

  it('turns a 404 for a known session into http-error 404 and closes the connection', async () => {
    const client = makeClient();
    await client.connect();
    await expect(client.callTool('expire')).rejects.toMatchObject({ kind: 'http-error', status: 404 });
    await expect(client.callTool('echo', { n: 1 })).rejects.toMatchObject({
      kind: 'http-error',
      status: 404,
    });
    await client.close();
  });

  it('fails a request whose SSE event outgrows maxMessageBytes with message-too-large', async () => {
    const client = makeClient(64 * 1024);
    await client.connect();
    await expect(client.callTool('huge')).rejects.toMatchObject({
      kind: 'message-too-large',
      cause: { name: 'SseError', kind: 'event-too-large', maxEventBytes: 64 * 1024 },
    });
    expect(client.stats.pending).toBe(0);
    await client.close();
  });

  it('fails a request whose SSE reply ends without its response', async () => {
    const client = makeClient();
    await client.connect();
    await expect(client.callTool('hang-up')).rejects.toMatchObject({ kind: 'connection-closed' });
    expect(client.stats.pending).toBe(0);
    await client.close();
  });

  it('ends the POST of a request that timed out or was aborted, without waiting for the server', async () => {
    const client = makeClient();
    await client.connect();
    stalled.clear();
    await expect(client.callTool('stall', {}, { timeoutMs: 100 })).rejects.toMatchObject({
      kind: 'request-timeout',
    });
    const controller = new AbortController();
    const aborted = client.callTool('stall', {}, { signal: controller.signal });
    expect(await waitUntil(() => stalled.size === 2, 20_000)).toBe(true);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    expect(await waitUntil(() => [...stalled.values()].every(Boolean), 20_000)).toBe(true);
    expect(client.stats.pending).toBe(0);
    await client.close();
  });

  it('maps a JSON-RPC error reply to rpc-error with its code', async () => {
    const client = makeClient();
    await client.connect();
    const unknown = { resultSchema: z.unknown() };
    await expect(client.request('resources/list', {}, unknown)).rejects.toMatchObject({
      kind: 'rpc-error',
      code: -32601,
    });
    await client.close();
  });
});
