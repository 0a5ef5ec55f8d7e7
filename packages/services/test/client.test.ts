import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type McpClient, type McpTool, McpToolAdapter } from '../src/index.js';
import { FAKE_SERVER, firstText, isAlive, stdioClient, waitUntil } from './helpers.js';

describe('McpClient (purpose-written server)', () => {
  let client: McpClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  function make(env: Record<string, string> = {}) {
    const made = stdioClient('fake', FAKE_SERVER, [], { env });
    client = made.client;
    return made;
  }

  it.each(['2025-06-18', '2025-03-26', '2024-11-05'])(
    'accepts a server that answers with older version %s',
    async (version) => {
      make({ FAKE_PROTOCOL: version });
      const info = await client!.connect();
      expect(info.protocolVersion).toBe(version);
      expect(firstText(await client!.callTool('echo', { message: 'ok' }))).toBe('ok');
    },
  );

  it('rejects an unknown protocol version and stops the server', async () => {
    const { transport } = make({ FAKE_PROTOCOL: '1999-01-01' });
    await expect(client!.connect()).rejects.toMatchObject({
      kind: 'unsupported-protocol-version',
      server: 'fake',
    });
    expect(await waitUntil(() => !isAlive(transport().pid!), 20_000)).toBe(true);
  });

  it('follows tools/list cursors across pages', async () => {
    make({ FAKE_PAGES: '3' });
    await client!.connect();
    expect(client!.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['echo', 'slow', 'exit', 'env']),
    );
    expect(new Set(client!.tools.map((tool) => tool.name)).size).toBe(client!.tools.length);
  });

  it('stops a tools/list cursor loop with protocol-error', async () => {
    make({ FAKE_CURSOR_LOOP: '1' });
    await expect(client!.connect()).rejects.toMatchObject({ kind: 'protocol-error', method: 'tools/list' });
  });

  it('returns isError results as data', async () => {
    make();
    await client!.connect();
    const result = await client!.callTool('fail');
    expect(result.isError).toBe(true);
    const tool = new McpToolAdapter(client!, client!.tools.find((entry) => entry.name === 'fail')!);
    const toolResult = await tool.execute({}, { signal: new AbortController().signal, workspace: '/tmp' });
    expect(toolResult).toMatchObject({ content: 'it went wrong', isError: true });
  });

  it('refreshes the tool list on notifications/tools/list_changed', async () => {
    make();
    await client!.connect();
    const lists: McpTool[][] = [];
    client!.onToolsChanged((tools) => lists.push([...tools]));
    await client!.callTool('change-list');
    expect(await waitUntil(() => lists.length === 1, 20_000)).toBe(true);
    expect(client!.tools.map((tool) => tool.name)).toContain('added-later');
  });

  it('rejects pending calls with connection-closed on close(), and close() is idempotent', async () => {
    make();
    await client!.connect();
    // Pending calls fail at once, before the server is gone, so the rejection is awaited alongside close().
    const pending = expect(client!.callTool('slow', { ms: 10_000 })).rejects.toMatchObject({
      kind: 'connection-closed',
    });
    await Promise.all([client!.close(), client!.close(), pending]);
    await expect(client!.callTool('echo', { message: 'x' })).rejects.toMatchObject({ kind: 'not-connected' });
  });

  it('starts one server only when connect() is called again or twice at once', async () => {
    const { transport } = make();
    const [first, second] = await Promise.all([client!.connect(), client!.connect()]);
    const pid = transport().pid;
    expect(second).toBe(first);
    expect(await client!.connect()).toBe(first);
    expect(transport().pid).toBe(pid);
  });

  it('stops a server that closed its stdout but kept running, without waiting for close()', async () => {
    const { transport } = make();
    await client!.connect();
    const pid = transport().pid!;
    await expect(client!.callTool('close-stdout')).rejects.toMatchObject({ kind: 'connection-closed' });
    expect(await waitUntil(() => !isAlive(pid), 20_000)).toBe(true);
  });
});

describe('McpClient restart', () => {
  it('restarts a server that died, failing its in-flight calls without replaying them', async () => {
    const { client, transport } = stdioClient('fake', FAKE_SERVER, [], { restart: { initialDelayMs: 20 } });
    try {
      await client.connect();
      const firstPid = transport().pid!;
      const inFlight = client.callTool('slow', { ms: 10_000 });
      await expect(client.callTool('exit', { code: 1 })).rejects.toMatchObject({
        kind: 'process-exited',
        exitCode: 1,
      });
      await expect(inFlight).rejects.toMatchObject({ kind: 'process-exited' });
      expect(client.connected).toBe(false);
      expect(await waitUntil(() => client.connected, 20_000)).toBe(true);
      expect(transport().pid).not.toBe(firstPid);
      expect(firstText(await client.callTool('echo', { message: 'back' }))).toBe('back');
      // The slow call was not replayed on the new process.
      expect(client.stats.pending).toBe(0);
    } finally {
      await client.close();
    }
  });
});

describe('McpClient restart schedule', () => {
  let dir: string;
  let bootLog: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clawft-restart-'));
    bootLog = join(dir, 'boots');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const boots = () => {
    try {
      return readFileSync(bootLog, 'utf8').trim().split('\n').length;
    } catch {
      return 0;
    }
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('makes one restart per failure and none after the restarts are used up', async () => {
    // The first start answers; every restart exits at once.
    const env = { FAKE_BOOT_LOG: bootLog, FAKE_EXIT_AFTER_BOOTS: '1' };
    const restart = { maxRestarts: 3, initialDelayMs: 10, maxDelayMs: 40 };
    const { client, logger } = stdioClient('fake', FAKE_SERVER, [], { env, restart });
    try {
      await client.connect();
      await expect(client.callTool('exit', { code: 1 })).rejects.toMatchObject({ kind: 'process-exited' });
      const usedUp = () => logger.messages.some((message) => message.includes('restarts are used up'));
      expect(await waitUntil(usedUp, 10_000)).toBe(true);
      // Well past the longest backoff: nothing more may start.
      await sleep(300);
      expect(boots()).toBe(1 + 3);
      expect(logger.messages.filter((message) => message.includes('restarting in'))).toHaveLength(3);
      expect(logger.messages.filter((message) => message.includes('used up'))).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('does not restart in the background when the first connect() fails', async () => {
    const env = { FAKE_BOOT_LOG: bootLog, FAKE_EXIT_AFTER_BOOTS: '0' };
    const { client, logger } = stdioClient('fake', FAKE_SERVER, [], { env, restart: { initialDelayMs: 10 } });
    try {
      await expect(client.connect()).rejects.toMatchObject({ kind: 'process-exited', exitCode: 1 });
      await sleep(300);
      expect(boots()).toBe(1);
      expect(logger.messages.filter((message) => message.includes('restart'))).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('clears a scheduled restart on close()', async () => {
    const env = { FAKE_BOOT_LOG: bootLog, FAKE_EXIT_AFTER_BOOTS: '1' };
    const restart = { initialDelayMs: 100, maxDelayMs: 1000 };
    const { client, logger } = stdioClient('fake', FAKE_SERVER, [], { env, restart });
    await client.connect();
    await expect(client.callTool('exit', { code: 1 })).rejects.toMatchObject({ kind: 'process-exited' });
    // The first restart fails too; close while the second one waits out its 200 ms.
    const second = () => logger.messages.filter((message) => message.includes('restarting in')).length === 2;
    expect(await waitUntil(second, 10_000)).toBe(true);
    await client.close();
    const started = boots();
    await sleep(600);
    expect(boots()).toBe(started);
    expect(logger.messages.filter((message) => message.includes('restarting in'))).toHaveLength(2);
  });
});
