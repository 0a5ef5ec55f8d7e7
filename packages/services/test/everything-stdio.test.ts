import { McpError } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpTools, LATEST_PROTOCOL_VERSION, type McpClient } from '../src/index.js';
import { EVERYTHING, firstText, stdioClient } from './helpers.js';

describe('McpClient with server-everything over stdio', () => {
  let client: McpClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect(timeoutMs?: number) {
    const made = stdioClient(
      'everything',
      EVERYTHING,
      ['stdio'],
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    client = made.client;
    await client.connect();
    return made;
  }

  it('negotiates the latest protocol version and lists the reference tools', async () => {
    await connect();
    expect(client!.serverInfo?.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(client!.serverInfo?.serverInfo.name).toBe('mcp-servers/everything');
    const names = client!.tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']));
  });

  it('returns each of 100 concurrent echo calls its own answer', async () => {
    await connect();
    const messages = Array.from({ length: 100 }, (_, index) => `message ${index} ${'•'.repeat(index % 7)}`);
    const results = await Promise.all(messages.map((message) => client!.callTool('echo', { message })));
    expect(results.map(firstText)).toEqual(messages.map((message) => `Echo: ${message}`));
    expect(client!.stats.pending).toBe(0);
  });

  it('runs 10 long-running operations concurrently in about the time of one', async () => {
    await connect();
    const progress = Array.from({ length: 10 }, () => [] as number[]);
    const started = performance.now();
    const results = await Promise.all(
      progress.map((updates) =>
        client!.callTool(
          'trigger-long-running-operation',
          { duration: 1, steps: 4 },
          { onProgress: (update) => updates.push(update.progress) },
        ),
      ),
    );
    const elapsedMs = performance.now() - started;
    expect(results.every((result) => firstText(result).startsWith('Long running operation completed'))).toBe(
      true,
    );
    expect(progress).toEqual(Array.from({ length: 10 }, () => [1, 2, 3, 4]));
    // One operation takes 1 s; ten in sequence would take 10 s. The upper bound leaves room for a loaded 2-core
    // machine and still tells concurrent from sequential.
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(8_000);
  });

  it('times out an orphaned request and removes it', async () => {
    await connect();
    const call = client!.callTool(
      'trigger-long-running-operation',
      // The operation takes 5 s, so even a late timer fires long before any answer could come.
      { duration: 5, steps: 1 },
      { timeoutMs: 100 },
    );
    await expect(call).rejects.toMatchObject({
      kind: 'request-timeout',
      method: 'tools/call',
      server: 'everything',
    });
    expect(client!.stats.pending).toBe(0);
    const echo = await client!.callTool('echo', { message: 'still fine' });
    expect(firstText(echo)).toBe('Echo: still fine');
  });

  it('turns each MCP tool into an agent tool named <server>__<tool>', async () => {
    await connect();
    const tools = createMcpTools(client!);
    const echo = tools.find((tool) => tool.name === 'everything__echo');
    expect(echo?.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    const result = await echo!.execute(
      { message: 'via the adapter' },
      { signal: new AbortController().signal, workspace: '/tmp' },
    );
    expect(result).toMatchObject({ content: 'Echo: via the adapter', isError: false });
  });

  it('reports a bad tool name as an rpc-error or isError data, never a hang', async () => {
    await connect();
    const outcome = await client!.callTool('no-such-tool', {}).then(
      (result) => ({ isError: result.isError }),
      (error: unknown) => ({ kind: McpError.is(error) ? error.kind : 'other' }),
    );
    expect([{ isError: true }, { kind: 'rpc-error' }]).toContainEqual(outcome);
  });
});
