import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, McpClient, StreamableHttpTransport } from '../src/index.js';
import { BIND_LOCALHOST, EVERYTHING, firstText, freePort, recordingLogger, waitUntil } from './helpers.js';

describe('McpClient with server-everything over Streamable HTTP', () => {
  let server: ChildProcess;
  let url: string;
  let serverLog = '';
  let client: McpClient | undefined;
  let transport: StreamableHttpTransport | undefined;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(process.execPath, ['--import', BIND_LOCALHOST, EVERYTHING, 'streamableHttp'], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    let stderr = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await waitUntil(() => stderr.includes('listening on port'), 20_000)).toBe(true);
    url = `http://127.0.0.1:${port}/mcp`;
  });

  afterAll(async () => {
    server.kill('SIGKILL');
    if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect() {
    client = new McpClient({
      server: 'everything-http',
      logger: recordingLogger(),
      createTransport: () => {
        transport = new StreamableHttpTransport({ url, server: 'everything-http' });
        return transport;
      },
    });
    return client.connect();
  }

  it('initializes, keeps the Mcp-Session-Id and lists tools', async () => {
    const info = await connect();
    expect(info.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(transport!.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client!.tools.map((tool) => tool.name)).toContain('echo');
  });

  it('returns each of 50 concurrent echo calls its own answer', async () => {
    await connect();
    const messages = Array.from({ length: 50 }, (_, index) => `http ${index}`);
    const results = await Promise.all(messages.map((message) => client!.callTool('echo', { message })));
    expect(results.map(firstText)).toEqual(messages.map((message) => `Echo: ${message}`));
  });

  it('receives progress over the SSE reply of a long-running operation', async () => {
    await connect();
    const updates: number[] = [];
    const result = await client!.callTool(
      'trigger-long-running-operation',
      { duration: 0.3, steps: 3 },
      { onProgress: (update) => updates.push(update.progress) },
    );
    expect(firstText(result)).toContain('Long running operation completed');
    expect(updates).toEqual([1, 2, 3]);
  });

  it('receives notifications that belong to no request on the GET event stream', async () => {
    await connect();
    const messages: unknown[] = [];
    client!.onNotification('notifications/message', (params) => messages.push(params));
    // Starts a 5 s logging timer on the server that sends one message at once, outside any request.
    await client!.callTool('toggle-simulated-logging');
    expect(await waitUntil(() => messages.length > 0, 20_000)).toBe(true);
    expect(messages[0]).toMatchObject({ level: expect.any(String), data: expect.any(String) });
    await client!.callTool('toggle-simulated-logging');
  });

  it('ends the session with DELETE on close()', async () => {
    await connect();
    const sessionId = transport!.sessionId!;
    await client!.close();
    client = undefined;
    expect(serverLog).toContain(`Received session termination request for session ${sessionId}`);
  });

  it('fails a request to a dead endpoint with http-error', async () => {
    const port = await freePort();
    client = new McpClient({
      server: 'nowhere',
      logger: recordingLogger(),
      createTransport: () =>
        new StreamableHttpTransport({ url: `http://127.0.0.1:${port}/mcp`, server: 'nowhere' }),
    });
    await expect(client.connect()).rejects.toMatchObject({ kind: 'http-error', server: 'nowhere' });
  });
});
