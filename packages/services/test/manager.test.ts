import { McpServerSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { McpServerManager } from '../src/index.js';
import { EVERYTHING, FAKE_SERVER, firstText, isAlive, recordingLogger } from './helpers.js';

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
});
