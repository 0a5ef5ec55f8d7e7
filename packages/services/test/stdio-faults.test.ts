import { McpError } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type McpClient, McpSession, StdioTransport } from '../src/index.js';
import { FAKE_SERVER, firstText, isAlive, recordingLogger, stdioClient, waitUntil } from './helpers.js';

describe('StdioTransport faults (purpose-written server)', () => {
  let client: McpClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect(options: Parameters<typeof stdioClient>[3] = {}) {
    const made = stdioClient('fake', FAKE_SERVER, [], options);
    client = made.client;
    await client.connect();
    return made;
  }

  it('rejects all 64 in-flight calls within 100 ms of the server being killed, with exit info', async () => {
    const { transport } = await connect({ env: { FAKE_STDERR: 'fake server booted' } });
    const calls = Array.from({ length: 64 }, () =>
      client!.callTool('slow', { ms: 30_000 }).catch((error: unknown) => error),
    );
    await waitUntil(() => client!.stats.pending === 64, 1000);
    const killedAt = performance.now();
    process.kill(transport().pid!, 'SIGKILL');
    const errors = await Promise.all(calls);
    expect(performance.now() - killedAt).toBeLessThan(100);
    for (const error of errors) {
      expect(error).toMatchObject({
        kind: 'process-exited',
        signal: 'SIGKILL',
        exitCode: null,
        server: 'fake',
      });
      expect((error as McpError).stderrTail).toContain('fake server booted');
    }
    expect(client!.stats.pending).toBe(0);
    const later = performance.now();
    await expect(client!.callTool('echo', { message: 'x' })).rejects.toMatchObject({
      kind: 'process-exited',
    });
    expect(performance.now() - later).toBeLessThan(100);
  });

  it('carries the exit code and the stderr tail when the server exits by itself', async () => {
    await connect();
    const error = await client!.callTool('exit', { code: 3 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'process-exited', exitCode: 3, signal: null });
    expect((error as McpError).stderrTail).toContain('exiting with 3 on purpose');
  });

  it('kills a server that ignores SIGTERM and returns once it is gone', async () => {
    const { transport } = await connect({
      env: { FAKE_IGNORE_SIGTERM: '1' },
      closeGraceMs: 100,
      killGraceMs: 100,
    });
    const pid = transport().pid!;
    const started = performance.now();
    await client!.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isAlive(pid)).toBe(false);
    expect(transport().stderrTail).toContain('ignoring SIGTERM');
    await client!.close();
  });

  it('leaves no grandchild process alive after close()', async () => {
    await connect();
    const grandchild = Number(firstText(await client!.callTool('grandchild')));
    expect(isAlive(grandchild)).toBe(true);
    await client!.close();
    expect(await waitUntil(() => !isAlive(grandchild), 1000)).toBe(true);
  });

  it('skips garbage stdout lines and still answers', async () => {
    const { logger } = await connect();
    const result = await client!.callTool('garbage', { message: 'after the garbage' });
    expect(firstText(result)).toBe('after the garbage');
    expect(logger.messages.filter((message) => message.includes('non-JSON'))).toHaveLength(2);
    expect(logger.messages.some((message) => message.includes('invalid JSON-RPC message'))).toBe(true);
  });

  it('carries a 20 MiB response', async () => {
    await connect();
    const bytes = 20 * 1024 * 1024;
    const result = await client!.callTool('big', { bytes });
    expect(firstText(result)).toHaveLength(bytes);
  });

  it('fails with message-too-large past maxLineBytes and shuts the server down', async () => {
    const { transport } = await connect({ maxLineBytes: 1024 * 1024 });
    const pid = transport().pid!;
    await expect(client!.callTool('big', { bytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      kind: 'message-too-large',
    });
    expect(await waitUntil(() => !isAlive(pid), 3000)).toBe(true);
  });

  it('counts and drops responses with unknown ids, and accepts a numeric-string id', async () => {
    await connect();
    expect(firstText(await client!.callTool('strays', { message: 'mine' }))).toBe('mine');
    expect(client!.stats.unknownResponses).toBe(2);
    expect(firstText(await client!.callTool('string-id'))).toBe('answered with a string id');
  });

  it('counts a response that arrives after its request timed out as late', async () => {
    await connect();
    await expect(client!.callTool('slow', { ms: 150 }, { timeoutMs: 30 })).rejects.toMatchObject({
      kind: 'request-timeout',
    });
    expect(client!.stats.pending).toBe(0);
    expect(await waitUntil(() => client!.stats.lateResponses === 1, 1000)).toBe(true);
  });

  it('answers server requests: ping with {} and others with -32601', async () => {
    await connect();
    const answers = JSON.parse(firstText(await client!.callTool('ask-client')));
    expect(answers[0]).toMatchObject({ id: 's1', result: {} });
    expect(answers[1]).toMatchObject({ id: 's2', error: { code: -32601 } });
  });

  it('on abort rejects with kind aborted and the server receives notifications/cancelled', async () => {
    await connect();
    const controller = new AbortController();
    const call = client!.callTool('slow', { ms: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user pressed stop')), 30);
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect((error as McpError).kind).not.toBe('request-timeout');
    expect(client!.stats.pending).toBe(0);
    const cancelled = JSON.parse(firstText(await client!.callTool('cancellations')));
    expect(cancelled).toEqual([{ requestId: expect.any(Number), reason: 'aborted by the client' }]);
  });

  it('lets progress reset the timeout, bounded by maxTotalTimeoutMs', async () => {
    await connect();
    const args = { steps: 6, intervalMs: 80 };
    const updates: number[] = [];
    const reset = await client!.callTool('progress', args, {
      timeoutMs: 250,
      resetTimeoutOnProgress: true,
      onProgress: (update) => updates.push(update.progress),
    });
    expect(firstText(reset)).toBe('done after 6 steps');
    expect(updates).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(
      client!.callTool('progress', args, { timeoutMs: 250, onProgress: () => {} }),
    ).rejects.toMatchObject({ kind: 'request-timeout' });
    await expect(
      client!.callTool('progress', args, {
        timeoutMs: 250,
        resetTimeoutOnProgress: true,
        maxTotalTimeoutMs: 300,
        onProgress: () => {},
      }),
    ).rejects.toMatchObject({ kind: 'request-timeout' });
  });

  it('fails to spawn a missing command with spawn-failed', async () => {
    const session = new McpSession(
      new StdioTransport({ command: '/nonexistent/clawft-no-such-server', logger: recordingLogger() }),
    );
    const error = await session.start().catch((caught: unknown) => caught);
    expect(McpError.is(error) && error.kind).toBe('spawn-failed');
    await expect(session.request('ping')).rejects.toMatchObject({ kind: 'spawn-failed' });
    await session.close();
  });

  it('passes only the safe base environment plus the configured env', async () => {
    process.env.CLAWFT_TEST_PARENT_SECRET = 'sk-parent-value';
    try {
      await connect({ env: { EXTRA_SETTING: 'on' } });
      const env = JSON.parse(firstText(await client!.callTool('env')));
      expect(env).toMatchObject({ EXTRA_SETTING: 'on', PATH: process.env.PATH });
      expect(env.CLAWFT_TEST_PARENT_SECRET).toBeUndefined();
    } finally {
      delete process.env.CLAWFT_TEST_PARENT_SECRET;
    }
  });

  it('redacts secret env values from the stderr tail', async () => {
    const { transport } = await connect({
      env: { API_TOKEN: 'tok-123456', FAKE_STDERR: 'token is tok-123456' },
    });
    await client!.close();
    expect(transport().stderrTail).toContain('token is [redacted]');
  });
});
