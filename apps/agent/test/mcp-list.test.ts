// `clawft mcp list` starts server-everything (a real child process over stdio), lists its tools and closes it:
// after the CLI exits, no process carrying this test's marker in its environment is alive.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

const EVERYTHING = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

/** Pids of live (not zombie) processes whose environment holds `marker`; Linux only, else `[]`. */
export function processesWithMarker(marker: string): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-mcp-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeConfig(marker: string): Promise<string> {
  const file = join(root, 'clawft.json');
  const mcpServers = {
    everything: {
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
      env: { CLAWFT_TEST_MARKER: marker },
    },
    broken: { command: join(root, 'no-such-server') },
    off: { command: process.execPath, enabled: false },
  };
  await writeFile(file, JSON.stringify({ agents: { defaults: { workspace: root } }, tools: { mcpServers } }));
  return file;
}

describe('clawft mcp list (built CLI)', () => {
  it('lists each server with its state and tools, and leaves no server process alive', async () => {
    const marker = `clawft-mcp-list-${randomUUID()}`;
    const config = await writeConfig(marker);
    const run = await runBuiltCli(['mcp', 'list', '--json', '--config', config], {
      cwd: root,
      env: { HOME: root },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { servers } = JSON.parse(run.stdout) as {
      servers: { server: string; state: string; tools: { name: string }[]; error?: { kind: string } }[];
    };
    const byName = new Map(servers.map((server) => [server.server, server]));
    expect(byName.get('everything')?.state).toBe('connected');
    expect(byName.get('everything')?.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['echo', 'get-sum']),
    );
    expect(byName.get('broken')).toMatchObject({ state: 'failed', tools: [] });
    expect(byName.get('off')).toMatchObject({ state: 'disabled' });
    expect(processesWithMarker(marker)).toEqual([]);

    const text = await runBuiltCli(['mcp', 'list', '--config', config], { cwd: root, env: { HOME: root } });
    expect(text.stdout).toMatch(/everything: connected \(protocol [^)]+\), \d+ tools\n {4}echo/);
    expect(text.stdout).toContain('broken: failed:');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('status --mcp starts the servers, lists their tools and closes them', async () => {
    const marker = `clawft-status-mcp-${randomUUID()}`;
    const config = await writeConfig(marker);
    const run = await runBuiltCli(['status', '--mcp', '--config', config], {
      cwd: root,
      env: { HOME: root },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('MCP servers started (--mcp)');
    expect(run.stdout).toMatch(/everything: connected .*\n {4}echo/);
    const plain = await runBuiltCli(['status', '--config', config], { cwd: root, env: { HOME: root } });
    expect(plain.stdout).not.toContain('MCP servers started');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('exits 2 on anything but "mcp list"', async () => {
    const run = await runBuiltCli(['mcp', 'start'], { cwd: root, env: { HOME: root } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected "clawft mcp list"');
  });
});
