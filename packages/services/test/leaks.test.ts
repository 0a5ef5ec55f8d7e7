import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { McpServerSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { McpServerManager } from '../src/index.js';
import { FAKE_SERVER, recordingLogger, waitUntil } from './helpers.js';

const TOKEN = 'tok-env-3f9a1c7e5b2d';
/** Under a name that does not look secret: only the caller's `redact` knows it. */
const ECHOED = 'registry-secret-8d41e0';
const BEARER = 'tok-bearer-a7c3e91f';
const X_AUTH = 'tok-xauth-5e2b8d04';

/** Every form a value can leak through: message, stack, cause chain, fields, JSON and inspect. */
function everything(value: unknown): string {
  let json = '';
  try {
    json = JSON.stringify(value);
  } catch {}
  return `${inspect(value, { depth: 20, showHidden: true })}\n${json}`;
}

function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('MCP secrets never reach errors or logs', () => {
  let manager: McpServerManager | undefined;
  afterEach(async () => {
    await manager?.close();
    manager = undefined;
  });

  it('redacts a stdio server that echoes its token on stderr, stdout, in ids and in rpc errors', async () => {
    const logger = recordingLogger();
    const servers = {
      leaky: McpServerSchema.parse({
        command: process.execPath,
        args: [FAKE_SERVER],
        env: { API_TOKEN: TOKEN, FAKE_ECHO: ECHOED },
        timeoutMs: 10_000,
      }),
    };
    manager = new McpServerManager(servers, {
      logger,
      redact: (text) => text.split(ECHOED).join('[registry]'),
    });
    const [status] = await manager.start();
    expect(status?.state).toBe('connected');
    const client = manager.clients.get('leaky')!;
    const rpc = await client.callTool('leak').catch((caught: unknown) => caught);
    expect(rpc).toMatchObject({ kind: 'rpc-error', code: -32001 });
    expect((rpc as Error).message).toContain('[redacted]');
    expect((rpc as Error).message).toContain('[registry]');
    // The stray lines and ids were seen (and logged, redacted) before the error answer.
    expect(client.stats.unknownResponses).toBe(2);
    expect(logger.messages.some((message) => message.includes('non-JSON'))).toBe(true);
    const exited = await client.callTool('exit', { code: 4 }).catch((caught: unknown) => caught);
    expect(exited).toMatchObject({ kind: 'process-exited', exitCode: 4 });
    expect((exited as { stderrTail: string }).stderrTail).toContain('starting with token [redacted]');
    expect(await waitUntil(() => !client.connected, 5000)).toBe(true);
    expectNoSecrets(everything([rpc, exited, logger.entries, status]), [TOKEN, ECHOED]);
  });

  it('redacts auth header values an HTTP server quotes in rpc errors, error bodies and skipped messages', async () => {
    const server: Server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      if (req.method !== 'POST') return res.writeHead(405).end();
      const message = JSON.parse(body);
      if (message.id === undefined) return res.writeHead(202).end();
      const quoted = `${req.headers.authorization} / ${req.headers['x-auth']}`;
      if (message.params?.name === 'status') return res.writeHead(401).end(`bad credentials: ${quoted}`);
      if (message.params?.name === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const answer = { jsonrpc: '2.0', id: message.id, result: { content: [] } };
        return res.end(`data: echo ${quoted}\n\ndata: ${JSON.stringify(answer)}\n\n`);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (message.method === 'initialize') {
        const result = {
          protocolVersion: '2025-06-18',
          capabilities: {},
          serverInfo: { name: 'h', version: '1' },
        };
        return res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      }
      const error = { code: -32001, message: `credentials ${quoted} refused`, data: { quoted } };
      return res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, error }));
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const headers = { Authorization: `Bearer ${BEARER}`, 'X-Auth': X_AUTH };
      const servers = {
        web: McpServerSchema.parse({ url: `http://127.0.0.1:${port}/mcp`, headers }),
      };
      const logger = recordingLogger();
      manager = new McpServerManager(servers, { logger });
      const [status] = await manager.start();
      expect(status?.state).toBe('connected');
      const error = await manager.clients
        .get('web')!
        .callTool('anything')
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ kind: 'rpc-error', code: -32001 });
      expect((error as Error).message).toContain('[redacted]');
      const client = manager.clients.get('web')!;
      const refused = await client.callTool('status').catch((caught: unknown) => caught);
      expect(refused).toMatchObject({ kind: 'http-error', status: 401 });
      expect((refused as Error).message).toContain('[redacted]');
      expect((await client.callTool('garbage')).content).toEqual([]);
      expect(logger.messages.some((message) => message.includes('non-JSON'))).toBe(true);
      expectNoSecrets(everything([error, refused, status, logger.entries]), [BEARER, X_AUTH]);
    } finally {
      await manager?.close();
      manager = undefined;
      server.close();
    }
  });
});
