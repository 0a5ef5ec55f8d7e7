import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNatsServer, type TestNatsServer } from '@clawft/core/testing';
import { createFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from '@clawft/llm/testing';
import { type PlainResponse, plainRequest } from './http-client.js';
import { CLI_PATH } from './run-built-cli.js';

export const SCALE_TOKEN = 'scale-out-token-0123456789';

/** A `clawft serve` or `clawft worker` child process of a test. */
export interface CliChild {
  readonly child: ChildProcess;
  /** What it printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves once stdout or stderr matched `pattern` (polling), with the match. */
  waitFor(
    pattern: RegExp,
    options?: { timeoutMs?: number; stream?: 'stdout' | 'stderr' },
  ): Promise<RegExpExecArray>;
  /** SIGTERM (or `signal`), then waits for the exit; SIGKILL after 20 s. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A gateway child and its URL. */
export interface GatewayChild extends CliChild {
  readonly url: string;
}

/** Everything one multi-process test runs: its own nats-server, fake provider, workspace and children. */
export interface ScaleOut {
  readonly nats: TestNatsServer;
  readonly llm: FakeLlmServer;
  readonly dir: string;
  readonly workspace: string;
  /** The config.json every child is started with (before `overrides` of that child). */
  config(overrides?: ConfigOverrides): object;
  gateway(overrides?: ConfigOverrides): Promise<GatewayChild>;
  worker(overrides?: ConfigOverrides): Promise<CliChild>;
  /** A POST with the test token through a keep-alive agent. */
  post(
    url: string,
    path: string,
    body: object,
    options?: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<PlainResponse>;
  get(url: string, path: string): Promise<PlainResponse>;
  /** Kills every child still running, stops the servers, removes the temp dir. */
  close(): Promise<void>;
}

export interface ConfigOverrides {
  bus?: Record<string, unknown>;
  nats?: Record<string, unknown>;
  gateway?: Record<string, unknown>;
  agents?: Record<string, unknown>;
  tools?: Record<string, unknown>;
}

/**
 * Starts a nats-server (own port and store), a fake OpenAI-compatible provider on 127.0.0.1, and a temp workspace
 * that every worker of the test shares (one machine). Children are the built CLI.
 */
export async function startScaleOut(
  binary: string,
  options: { llm?: FakeLlmServerOptions } = {},
): Promise<ScaleOut> {
  const dir = await mkdtemp(join(tmpdir(), 'clawft-scale-'));
  const workspace = join(dir, 'ws');
  const nats = await startNatsServer(binary);
  const llm = await createFakeLlmServer(options.llm ?? {});
  const children = new Set<CliChild>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let files = 0;
  const config = (overrides: ConfigOverrides = {}): object => ({
    agents: { defaults: { workspace, model: 'local/model-a', maxConcurrentTurns: 16, ...overrides.agents } },
    providers: { local: { apiBase: llm.openAiBaseUrl, apiKey: 'test-key-local' } },
    bus: {
      transport: 'nats',
      store: 'nats',
      inboundCapacity: 1024,
      ...overrides.bus,
      nats: { servers: [nats.url], ackWaitMs: 3_000, drainMs: 2_000, ...overrides.nats },
    },
    gateway: {
      port: 0,
      tokens: [{ token: SCALE_TOKEN, senderId: 'load' }],
      maxStreamsPerSender: 1_000,
      maxStreams: 1_000,
      shutdownMs: 2_000,
      // The harness's client keeps its sockets for reuse. A gateway that closes one idle for the default 5 s can do
      // so just as the client sends on it, which under load failed a request with ECONNRESET: keep them open.
      keepAliveTimeoutMs: 600_000,
      ...overrides.gateway,
    },
    ...(overrides.tools === undefined ? {} : { tools: overrides.tools }),
  });
  const spawnCli = async (command: string, overrides: ConfigOverrides | undefined): Promise<CliChild> => {
    files += 1;
    const file = join(dir, `${command}-${files}.json`);
    await writeFile(file, JSON.stringify(config(overrides)));
    const cli = spawnChild(command, file, dir);
    children.add(cli);
    void cli.exited.then(() => children.delete(cli));
    return cli;
  };
  return {
    nats,
    llm,
    dir,
    workspace,
    config,
    gateway: async (overrides) => {
      const cli = await spawnCli('serve', overrides);
      const match = await cli.waitFor(/listening on (http:\/\/\S+)/);
      return Object.assign(cli, { url: match[1] ?? '' });
    },
    worker: async (overrides) => {
      const cli = await spawnCli('worker', overrides);
      await cli.waitFor(/clawft worker consuming stream/);
      return cli;
    },
    post: (url, path, body, options = {}) =>
      plainRequest(`${url}${path}`, {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${SCALE_TOKEN}`,
          'content-type': 'application/json',
          ...options.headers,
        },
        body: JSON.stringify(body),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }),
    get: (url, path) =>
      plainRequest(`${url}${path}`, { agent, headers: { authorization: `Bearer ${SCALE_TOKEN}` } }),
    close: async () => {
      await Promise.all([...children].map((cli) => cli.stop('SIGKILL')));
      agent.destroy();
      await llm.close();
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function spawnChild(command: string, file: string, dir: string): CliChild {
  const child = spawn(process.execPath, [CLI_PATH, command, '--config', file], {
    env: { PATH: process.env.PATH ?? '', HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, options = {}) {
      const deadline = performance.now() + (options.timeoutMs ?? 60_000);
      for (;;) {
        const text =
          options.stream === 'stderr' ? stderr : options.stream === 'stdout' ? stdout : stdout + stderr;
        const match = pattern.exec(text);
        if (match !== null) return match;
        if (!running())
          throw new Error(`clawft ${command} exited before printing ${pattern}:\n${stdout}\n${stderr}`);
        if (performance.now() > deadline)
          throw new Error(`clawft ${command} did not print ${pattern}:\n${stderr}`);
        await sleep(25);
      }
    },
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function pollFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The value of one sample of the Prometheus text `body` (`name{labels}`), or undefined. */
export function metricValue(body: string, sample: string): number | undefined {
  for (const line of body.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return undefined;
}

/** The text of the last user message of a fake provider request (OpenAI shape). */
export function lastUserText(body: unknown): string {
  const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') return typeof message.content === 'string' ? message.content : '';
  }
  return '';
}
