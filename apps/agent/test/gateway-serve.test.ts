// `clawft serve` as a real child process of the built CLI: it prints where it listens, drains on SIGTERM (the turn
// in flight finishes, the process exits 0), and refuses to bind a non-loopback host without tokens.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { plainRequest } from './http-client.js';
import { CLI_PATH, runBuiltCli } from './run-built-cli.js';

const TOKEN = 'serve-test-token-0123456789';

describe('clawft serve', () => {
  let dir: string | undefined;
  let server: FakeLlmServer | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(gateway: Record<string, unknown>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'clawft-serve-'));
    server = await createFakeLlmServer({
      fallback: { type: 'answer', text: 'finished anyway', firstTokenDelayMs: 600 },
    });
    const config = {
      agents: { defaults: { workspace: join(dir, 'ws'), model: 'local/model-a' } },
      providers: { local: { apiBase: server.openAiBaseUrl, apiKey: 'test-key' } },
      gateway,
    };
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(config));
    return file;
  }

  it('drains on SIGTERM: the turn in flight is answered, new connections are refused, exit code 0', async () => {
    const file = await writeConfig({
      port: 0,
      tokens: [{ token: TOKEN, senderId: 'ops' }],
      shutdownMs: 5_000,
    });
    const proc = spawn(process.execPath, [CLI_PATH, 'serve', '--config', file], {
      env: { PATH: process.env.PATH ?? '', HOME: dir ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      proc.once('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const inFlight = plainRequest(`${url}/v1/agent/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: 'c', content: 'hello' }),
    });
    while (server?.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    proc.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).content).toBe('finished anyway');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: draining');
    expect(stderr).not.toContain(TOKEN);
    await expect(plainRequest(`${url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses to bind a non-loopback host with no tokens, saying why', async () => {
    const file = await writeConfig({ host: '0.0.0.0', port: 0 });
    const run = await runBuiltCli(['serve', '--config', file], { cwd: dir ?? '', env: { HOME: dir ?? '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gateway.tokens');
    expect(run.stderr).toContain('0.0.0.0');
  });
});
