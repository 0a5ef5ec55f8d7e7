// Overload: many requests at once against the built `clawft serve` whose provider stalls. The process stays up,
// its peak memory stays bounded, and every request gets an answer: 429/503 with Retry-After at once for those the
// queue has no room for, and an error reply (503 aborted) for the accepted ones when SIGTERM drains the gateway.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from './run-built-cli.js';

const TOKEN = 'overload-token-0123456789';
/** Requests sent at once; `CLAWFT_OVERLOAD_REQUESTS` overrides (the issue asks for 10,000). */
const REQUESTS = Number(process.env.CLAWFT_OVERLOAD_REQUESTS ?? 10_000);
/** Peak RSS allowed for the gateway process, MiB: generous for a loaded machine, far below unbounded growth. */
const MAX_RSS_MIB = 512;

function post(url: string, agent: Agent): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }),
        );
      },
    );
    req.once('error', (error) => resolve({ status: -1, retryAfter: (error as NodeJS.ErrnoException).code }));
    req.end(JSON.stringify({ model: 'clawft', messages: [{ role: 'user', content: 'hello' }] }));
  });
}

async function peakRssMib(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return Number(match?.[1] ?? 0) / 1024;
}

describe('gateway overload', () => {
  let dir: string | undefined;
  let server: FakeLlmServer | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} requests at once against a stalled provider with bounded memory`, {
    timeout: 240_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-overload-'));
    server = await createFakeLlmServer({ fallback: { type: 'hang' } });
    const config = {
      agents: { defaults: { workspace: join(dir, 'ws'), model: 'local/model-a', maxConcurrentTurns: 8 } },
      providers: { local: { apiBase: server.openAiBaseUrl, apiKey: 'test-key' } },
      bus: { inboundCapacity: 64, overflowPolicy: 'reject' },
      gateway: {
        port: 0,
        tokens: [{ token: TOKEN, senderId: 'load' }],
        maxStreamsPerSender: 1_000,
        shutdownMs: 200,
        // 10,000 connections at once on a loaded 2-core machine: the default 10 s for headers cuts some of them
        // (408, then resets), which is the timeout working, not what this test is about.
        headersTimeoutMs: 120_000,
        requestTimeoutMs: 200_000,
      },
    };
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(config));
    const proc = spawn(process.execPath, [CLI_PATH, 'serve', '--config', file], {
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => {
      let out = '';
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
    });
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    const started = performance.now();
    const answers = Array.from({ length: REQUESTS }, () => post(url, agent));
    // The refused ones answer at once; the accepted ones (the queue's 72 places) wait on the stalled provider.
    const accepted = 8 + 64;
    while (server.requests.length < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    let done = 0;
    for (const answer of answers) void answer.then(() => (done += 1));
    while (done < REQUESTS - accepted) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proc.exitCode).toBeNull();
    const rssMib = await peakRssMib(proc.pid ?? 0);
    proc.kill('SIGTERM');
    const results = await Promise.all(answers);
    const elapsedMs = performance.now() - started;
    agent.destroy();
    const byStatus = new Map<number, number>();
    for (const result of results) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
    process.stdout.write(
      `overload: ${REQUESTS} requests in ${Math.round(elapsedMs)} ms, statuses ${JSON.stringify(Object.fromEntries(byStatus))}, peak RSS ${rssMib.toFixed(1)} MiB\n`,
    );
    const failures = results.filter((result) => result.status === -1).map((result) => result.retryAfter);
    if (failures.length > 0)
      process.stdout.write(`client errors: ${JSON.stringify([...new Set(failures)])}\n`);
    expect(byStatus.get(429)).toBe(REQUESTS - accepted);
    expect(byStatus.get(503)).toBe(accepted);
    expect(results.every((result) => result.retryAfter !== undefined)).toBe(true);
    expect(rssMib).toBeLessThan(MAX_RSS_MIB);
    expect(await exited).toBe(0);
  });
});
