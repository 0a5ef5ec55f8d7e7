import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { type TurnEvent, TurnEventSchema } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVERYTHING, processesWithMarker, waitUntil, writeConfig } from './agent-helpers.js';
import { CLI_PATH, runBuiltCli } from './run-built-cli.js';

let root: string;
let workspace: string;
let home: string;
const servers: FakeLlmServer[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-agent-'));
  workspace = join(root, 'workspace');
  home = join(root, 'home');
  await mkdir(workspace);
  await mkdir(home);
  await writeFile(join(workspace, 'hello.md'), 'hello from the workspace\n');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await rm(root, { recursive: true, force: true });
});

async function fakeServer(options: Parameters<typeof createFakeLlmServer>[0]): Promise<FakeLlmServer> {
  const server = await createFakeLlmServer(options);
  servers.push(server);
  return server;
}

const clawft = (args: string[], env: Record<string, string> = {}) =>
  runBuiltCli(args, { cwd: root, env: { HOME: home, ...env } });

/** Two providers on two fake servers: the first calls read_file, then cuts its answer mid-stream. */
async function failoverSetup(): Promise<{ first: FakeLlmServer; second: FakeLlmServer; config: string }> {
  const first = await fakeServer({
    script: [
      { type: 'answer', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'hello.md' } }] },
      { type: 'answer', text: 'this partial answer gets cut off', chunks: 6, cutAfterChunks: 2 },
    ],
  });
  const second = await fakeServer({ script: [{ type: 'answer', text: 'The file says hello.', chunks: 3 }] });
  const config = await writeConfig(root, {
    agents: { defaults: { workspace, model: 'first/m1' } },
    providers: {
      first: { apiBase: first.openAiBaseUrl, api: 'openai' },
      second: { apiBase: second.openAiBaseUrl, api: 'openai' },
    },
    retry: { baseDelayMs: 10 },
    failover: { targets: ['second/m2'] },
  });
  return { first, second, config };
}

describe('clawft agent (built CLI)', () => {
  it('runs a one-shot turn with a tool call and a mid-stream failover, reset marked', async () => {
    const { first, second, config } = await failoverSetup();
    const run = await clawft(['agent', '-m', 'what does hello.md say?', '--config', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('▸ read_file {"path":"hello.md"}');
    expect(run.stdout).toMatch(/✓ read_file [\d.]+ m?s/);
    expect(run.stdout).toMatch(/⇄ m2 took over from m1 \(stream-truncated from first\)/);
    expect(run.stdout).toMatch(/\[reset: the \d+ characters above came from a failed attempt/);
    expect(run.stdout).toMatch(/The file says hello\.\n— answered in [\d.]+ m?s · \d+ in \/ \d+ out tokens/);
    expect(run.stdout).toContain('sender cli');
    expect(first.requests).toHaveLength(2);
    expect(second.requests).toHaveLength(1);
    expect(JSON.stringify(second.requests[0]?.body)).toContain('hello from the workspace');
  });

  it('prints the turn events as JSON lines that match the TurnEvent schema with --json', async () => {
    const { config } = await failoverSetup();
    const run = await clawft(['agent', '-m', 'read it', '--json', '--config', config]);
    expect(run.code).toBe(0);
    const events: TurnEvent[] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => TurnEventSchema.parse(JSON.parse(line)));
    const kinds = events.map((event) => (event.type === 'part' ? event.part.type : event.type));
    expect(kinds[0]).toBe('turn-start');
    expect(kinds).toEqual(expect.arrayContaining(['tool-start', 'tool-finish', 'failover', 'reset']));
    const last = events.at(-1);
    expect(last?.type === 'turn-finish' && last.outcome.end).toBe('answered');
    expect(last?.type === 'turn-finish' && last.outcome.content).toBe('The file says hello.');
  });

  it('continues a conversation with --session', async () => {
    const server = await fakeServer({ fallback: { type: 'answer', text: 'noted' } });
    const config = await writeConfig(root, {
      agents: { defaults: { workspace, model: 'local/m' } },
      providers: { local: { apiBase: server.openAiBaseUrl, api: 'openai' } },
    });
    expect((await clawft(['agent', '-m', 'my name is Ada', '-s', 'ada', '-c', config])).code).toBe(0);
    expect((await clawft(['agent', '-m', 'what is my name?', '-s', 'ada', '-c', config])).code).toBe(0);
    expect((await clawft(['agent', '-m', 'fresh start', '-c', config])).code).toBe(0);
    expect(JSON.stringify(server.requests[1]?.body)).toContain('my name is Ada');
    expect(JSON.stringify(server.requests[2]?.body)).not.toContain('my name is Ada');
  });

  it('runs on the offline model on a fresh HOME: says so in one line, lists, reads, writes a note', async () => {
    const run = await runBuiltCli(['agent', '-m', 'what is here?'], { cwd: root, env: { HOME: home } });
    expect(run.code).toBe(0);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no API key for provider "anthropic".*running on the built-in offline model/);
    expect(run.stdout).toContain('▸ list_dir');
    expect(run.stdout).toContain('▸ write_file');
    expect(run.stdout).toContain("I am clawft's offline model");
    const note = await readFile(join(home, '.clawft', 'workspace', 'notes', 'offline-note.md'), 'utf8');
    expect(note).toContain('Asked: what is here?');
    const again = await runBuiltCli(['agent', '-m', 'and now?'], { cwd: root, env: { HOME: home } });
    expect(again.stdout).toMatch(/I read [^.]*offline-note\.md|▸ read_file/);
  });

  it('exits 1 with a clear message for a missing or broken config', async () => {
    const missing = await clawft(['agent', '-m', 'hi', '--config', join(root, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(root, 'nope.json'));
    await writeFile(join(root, 'clawft.json'), '{"agents": ');
    const broken = await clawft(['agent', '-m', 'hi']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('clawft.json');
    await writeConfig(root, { agents: { defaults: { maxTokens: 'many' } } });
    const invalid = await clawft(['agent', '-m', 'hi']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('agents.defaults.maxTokens');
    expect(invalid.stdout).toBe('');
  });

  it('shows per-command help and rejects an option of another command', async () => {
    const help = await clawft(['agent', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('-m, --message <text>');
    expect(help.stdout).toContain('Global options:');
    const wrong = await clawft(['status', '-m', 'hi']);
    expect(wrong.code).toBe(2);
  });

  it('calls a tool of an MCP server from config, and leaves no child process behind', async () => {
    const marker = `clawft-test-${randomUUID()}`;
    const server = await fakeServer({
      script: [
        {
          type: 'answer',
          text: '',
          toolCalls: [{ name: 'everything__echo', arguments: { message: 'ping from clawft' } }],
        },
        { type: 'answer', text: 'The server echoed.' },
      ],
    });
    const config = await writeConfig(root, {
      agents: { defaults: { workspace, model: 'local/m' } },
      providers: { local: { apiBase: server.openAiBaseUrl, api: 'openai' } },
      tools: {
        mcpServers: {
          everything: { command: process.execPath, args: [EVERYTHING], env: { MARKER: marker } },
        },
      },
    });
    const run = await clawft(['agent', '-m', 'echo something', '-c', config], { MARKER: marker });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ everything__echo [\d.]+ m?s/);
    expect(JSON.stringify(server.requests[0]?.body)).toContain('everything__echo');
    expect(JSON.stringify(server.requests[1]?.body)).toContain('Echo: ping from clawft');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('cancels a one-shot turn on SIGINT (exit 130), killing the exec child it was waiting for', async () => {
    const marker = `clawft-sleep-${randomUUID()}`;
    const server = await fakeServer({
      script: [
        {
          type: 'answer',
          text: '',
          toolCalls: [{ name: 'exec', arguments: { command: `env MARKER=${marker} sleep 30` } }],
        },
      ],
      fallback: { type: 'answer', text: 'done' },
    });
    const config = await writeConfig(root, {
      agents: { defaults: { workspace, model: 'local/m' } },
      providers: { local: { apiBase: server.openAiBaseUrl, api: 'openai' } },
    });
    const child = spawn(process.execPath, [CLI_PATH, 'agent', '-m', 'sleep', '-c', config], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(await waitUntil(() => processesWithMarker(marker).length > 0, 30_000)).toBe(true);
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(stdout).toContain('✗ cancelled');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('finishes its turn and exits 0 when the reader of its output goes away (EPIPE)', async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'agent', '-m', 'what is here?'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
    await readFile(join(home, '.clawft', 'workspace', 'notes', 'offline-note.md'), 'utf8');
  });

  it('shows a 429 with its reason and the wait before the retry', async () => {
    const server = await fakeServer({
      script: [
        { type: 'status', status: 429, headers: { 'retry-after': '1' } },
        { type: 'answer', text: 'Served after the wait.' },
      ],
    });
    const config = await writeConfig(root, {
      agents: { defaults: { workspace, model: 'local/m' } },
      providers: { local: { apiBase: server.openAiBaseUrl, api: 'openai' } },
    });
    const run = await clawft(['agent', '-m', 'hi', '-c', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/↻ 429 from local, retrying in 1(\.\d+)? s \(attempt 2\)\n/);
    expect(run.stdout).toContain('Served after the wait.');
    expect(run.stdout).toContain('· 2 attempts');
  });

  it('logs the config source and the offline model to stderr with --verbose, and nothing extra without', async () => {
    const run = await clawft(['agent', '-m', 'hi', '--verbose', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('clawft: config: built-in defaults');
    expect(run.stderr).toMatch(/clawft: offline model at http:\/\/127\.0\.0\.1:\d+\/v1/);
    for (const line of run.stdout.trimEnd().split('\n')) TurnEventSchema.parse(JSON.parse(line));
  });
});
