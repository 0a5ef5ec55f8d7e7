import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpTools, type McpClient } from '../src/index.js';
import { FILESYSTEM, firstText, stdioClient } from './helpers.js';

describe('McpClient with server-filesystem over stdio', () => {
  let dir: string;
  let client: McpClient;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'clawft-mcp-fs-')));
    await writeFile(join(dir, 'hello.txt'), 'hello from the temp dir\nsecond line\n');
    client = stdioClient('fs', FILESYSTEM, [dir]).client;
    await client.connect();
  });

  afterAll(async () => {
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file in the allowed directory', async () => {
    const result = await client.callTool('read_text_file', { path: join(dir, 'hello.txt') });
    expect(result.isError).not.toBe(true);
    expect(firstText(result)).toBe('hello from the temp dir\nsecond line\n');
  });

  it('writes through the agent tool adapter and lists the directory', async () => {
    const write = createMcpTools(client).find((tool) => tool.name === 'fs__write_file')!;
    const context = { signal: new AbortController().signal, workspace: dir };
    const written = await write.execute(
      { path: join(dir, 'new.txt'), content: 'written by clawft' },
      context,
    );
    expect(written.isError).toBe(false);
    expect(await readFile(join(dir, 'new.txt'), 'utf8')).toBe('written by clawft');
    const listing = await client.callTool('list_directory', { path: dir });
    expect(firstText(listing)).toContain('[FILE] new.txt');
  });

  it('reports access outside the allowed directory as isError data, not an exception', async () => {
    const result = await client.callTool('read_text_file', { path: '/etc/hostname' });
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(/denied|outside/i);
  });
});
