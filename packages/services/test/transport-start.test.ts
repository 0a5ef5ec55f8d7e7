import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpError } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioTransport, StreamableHttpTransport, silentLogger } from '../src/index.js';
import { FAKE_SERVER, isAlive, waitUntil } from './helpers.js';

function fakeStdio(): StdioTransport {
  return new StdioTransport({
    command: process.execPath,
    args: [FAKE_SERVER],
    server: 'fake',
    logger: silentLogger,
  });
}

describe('StdioTransport.start', () => {
  let transport: StdioTransport | undefined;
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
  });

  it('throws a kinded McpError when called twice', async () => {
    transport = fakeStdio();
    await transport.start();
    const error = await transport.start().catch((caught: unknown) => caught);
    expect(McpError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'spawn-failed', server: 'fake' });
  });

  it('spawns nothing for an already aborted signal', async () => {
    transport = fakeStdio();
    const signal = AbortSignal.abort(new Error('no'));
    await expect(transport.start({ signal })).rejects.toMatchObject({ kind: 'aborted', server: 'fake' });
    expect(transport.pid).toBeUndefined();
  });

  it('kills the child when the signal aborts before it runs', async () => {
    transport = fakeStdio();
    const controller = new AbortController();
    const started = transport.start({ signal: controller.signal });
    controller.abort();
    await expect(started).rejects.toMatchObject({ kind: 'aborted' });
    const pid = transport.pid!;
    expect(await waitUntil(() => !isAlive(pid), 5000)).toBe(true);
  });
});

describe('StreamableHttpTransport.start', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    if (server !== undefined) await once(server, 'close');
    server = undefined;
  });

  it('rejects an already aborted signal and sends nothing', async () => {
    let requests = 0;
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(500).end();
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const transport = new StreamableHttpTransport({ url: `http://127.0.0.1:${port}/mcp`, server: 'web' });
    try {
      const signal = AbortSignal.abort();
      await expect(transport.start({ signal })).rejects.toMatchObject({ kind: 'aborted', server: 'web' });
      expect(requests).toBe(0);
    } finally {
      await transport.close();
    }
  });
});
