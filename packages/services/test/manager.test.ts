import { McpServerSchema } from '@clawft/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { McpServerManager } from '../src/index.js';
import {
  descendants,
  EVERYTHING,
  FAKE_SERVER,
  firstText,
  isAlive,
  recordingLogger,
  waitUntil,
} from './helpers.js';

describe('McpServerManager', () => {
  let manager: McpServerManager | undefined;
  afterEach(async () => {
    await manager?.close();
  });

  it('starts the configured servers together and reports failures per server', async () => {
    const servers = {
      everything: McpServerSchema.parse({ command: process.execPath, args: [EVERYTHING, 'stdio'] }),
      fake: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER], timeoutMs: 5000 }),
      missing: McpServerSchema.parse({ command: '/nonexistent/clawft-server' }),
      off: McpServerSchema.parse({ command: process.execPath, enabled: false }),
    };
    manager = new McpServerManager(servers, { logger: recordingLogger() });
    const statuses = await manager.start();
    expect(statuses).toEqual([
      { server: 'everything', state: 'connected', tools: expect.any(Number), protocolVersion: '2025-11-25' },
      { server: 'fake', state: 'connected', tools: expect.any(Number), protocolVersion: '2025-11-25' },
      {
        server: 'missing',
        state: 'failed',
        error: expect.objectContaining({ kind: 'spawn-failed', server: 'missing' }),
      },
      { server: 'off', state: 'disabled' },
    ]);
    const names = manager.tools().map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['everything__echo', 'fake__echo', 'fake__slow']));
    const echo = manager.tools().find((tool) => tool.name === 'fake__echo')!;
    const result = await echo.execute(
      { message: 'managed' },
      { signal: new AbortController().signal, workspace: '/tmp' },
    );
    expect(result.content).toBe('managed');
  });

  it('returns the first start to a second start() and spawns no second set of servers', async () => {
    const servers = {
      a: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
      b: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
    };
    manager = new McpServerManager(servers, { logger: recordingLogger() });
    const [first, second] = await Promise.all([manager.start(), manager.start()]);
    expect(second).toEqual(first);
    expect(first.map((status) => status.state)).toEqual(['connected', 'connected']);
    expect(await manager.start()).toEqual(first);
    expect(descendants()).toHaveLength(2);
    const pids = await Promise.all(
      [...manager.clients.values()].map(async (client) => Number(firstText(await client.callTool('pid')))),
    );
    expect(descendants().map((child) => child.pid)).toEqual(expect.arrayContaining(pids));
    await manager.close();
    expect(descendants()).toEqual([]);
  });

  it('gives a tool whose agent name another server took a hash suffix and reports it', async () => {
    const servers = {
      'a.b': McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
      a_b: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
    };
    const logger = recordingLogger();
    manager = new McpServerManager(servers, { logger });
    const statuses = await manager.start();
    const tools = manager.tools();
    const names = tools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(
      statuses.reduce((sum, s) => sum + (s.state === 'connected' ? s.tools : 0), 0),
    );
    const echoes = tools.filter((tool) => tool.name.startsWith('a_b__echo'));
    expect(echoes.map((tool) => tool.name)).toEqual([
      'a_b__echo',
      expect.stringMatching(/^a_b__echo_[0-9a-f]{8}$/),
    ]);
    const context = { signal: new AbortController().signal, workspace: '/tmp' };
    const results = await Promise.all(echoes.map((tool) => tool.execute({ message: 'hi' }, context)));
    expect(results.map((result) => result.metadata?.server)).toEqual(['a.b', 'a_b']);
    const renames = logger.entries.filter((entry) => entry.fields?.name === echoes[1]!.name);
    expect(renames).toEqual([
      {
        message: expect.stringContaining('renamed'),
        fields: {
          server: 'a_b',
          tool: 'echo',
          name: echoes[1]!.name,
          collidesWith: { server: 'a.b', tool: 'echo' },
        },
      },
    ]);
    expect(manager.tools().map((tool) => tool.name)).toEqual(names);
    expect(logger.entries.filter((entry) => entry.fields?.name === echoes[1]!.name)).toHaveLength(1);
  });

  it('closes every server it started', async () => {
    const servers = {
      a: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
      b: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
    };
    manager = new McpServerManager(servers, { logger: recordingLogger() });
    await manager.start();
    const pids = await Promise.all(
      [...manager.clients.values()].map(async (client) => Number(firstText(await client.callTool('pid')))),
    );
    expect(pids.every(isAlive)).toBe(true);
    await manager.close();
    expect(manager.clients.size).toBe(0);
    expect(pids.some(isAlive)).toBe(false);
  });

  it('closes every server even when closing one of them throws, and logs that one', async () => {
    const servers = {
      a: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
      b: McpServerSchema.parse({ command: process.execPath, args: [FAKE_SERVER] }),
    };
    const logger = recordingLogger();
    manager = new McpServerManager(servers, { logger });
    await manager.start();
    const [a, b] = [manager.clients.get('a')!, manager.clients.get('b')!];
    const pids = [Number(firstText(await a.callTool('pid'))), Number(firstText(await b.callTool('pid')))];
    const realClose = a.close.bind(a);
    vi.spyOn(a, 'close').mockImplementationOnce(async () => {
      await realClose();
      throw new Error('close of a failed');
    });
    await manager.close();
    expect(pids.some(isAlive)).toBe(false);
    expect(logger.messages).toContain('closing an MCP server failed');
  });

  it('ends a server that is still connecting when close() is called during start()', async () => {
    const servers = {
      slow: McpServerSchema.parse({
        command: process.execPath,
        args: [FAKE_SERVER],
        env: { FAKE_INITIALIZE_DELAY_MS: '2000' },
      }),
    };
    manager = new McpServerManager(servers, { logger: recordingLogger() });
    const starting = manager.start();
    expect(await waitUntil(() => descendants().length === 1, 20_000)).toBe(true);
    const [server] = descendants();
    await manager.close();
    expect(isAlive(server!.pid)).toBe(false);
    const [status] = await starting;
    expect(status).toMatchObject({ server: 'slow', state: 'failed' });
    expect(manager.clients.size).toBe(0);
    expect(await manager.start()).toEqual([
      { server: 'slow', state: 'failed', error: expect.objectContaining({ kind: 'not-connected' }) },
    ]);
    expect(descendants()).toEqual([]);
  });
});
