import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `nats-server` binary on PATH, or undefined. In CI a missing binary is an error, not a skip. */
export function natsServerBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path !== '') return path;
  if (process.env.CI) {
    throw new Error('nats-server is not on PATH: install the Debian package `nats-server` (.ci/run does).');
  }
  console.warn(
    'Skipping the JetStream tests: nats-server is not on PATH (install the Debian package `nats-server`).',
  );
  return undefined;
}

/** A `nats-server -js` of this test only: its own free port on 127.0.0.1 and its own store directory. */
export interface TestNatsServer {
  readonly url: string;
  readonly storeDir: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store (after `stop`). */
  start(): Promise<void>;
  /** Stops it and removes the store. */
  dispose(): Promise<void>;
  /**
   * Freezes it (SIGSTOP) and waits until it is stopped: connections stay open, nothing is answered. `resume`
   * (SIGCONT) thaws it.
   */
  pause(): Promise<void>;
  resume(): void;
}

/**
 * Starts `nats-server -js` (the `binary` from `natsServerBinary()`) on a free port of 127.0.0.1 with a new temp store
 * directory, and waits until it listens. Never the server a machine may already run on 4222.
 *
 * @example
 * const binary = natsServerBinary();
 * const server = binary === undefined ? undefined : await startNatsServer(binary);
 * // … config.bus.nats.servers = [server.url]; await server.stop(); await server.start(); …
 * await server?.dispose();
 */
export async function startNatsServer(
  binary: string,
  extraArgs: readonly string[] = [],
): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'clawft-nats-'));
  let child: ChildProcess | undefined;
  const server: TestNatsServer = {
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    start: async () => {
      child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...extraArgs], {
        stdio: 'ignore',
      });
      await waitForPort(port);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    dispose: async () => {
      server.resume();
      await server.stop();
      await rm(storeDir, { recursive: true, force: true });
    },
    pause: async () => {
      const pid = child?.pid;
      if (pid === undefined) throw new Error('the test NATS server is not running');
      process.kill(pid, 'SIGSTOP');
      // The signal takes effect asynchronously: poll the process state (Linux) until it says stopped.
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        if (/^\d+ \(.*\) T/.test(stat)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`nats-server ${pid} did not stop within 2 s of SIGSTOP`);
    },
    resume: () => void child?.kill('SIGCONT'),
  };
  await server.start();
  return server;
}

/** A port of 127.0.0.1 free right now (nothing listens on it until someone binds it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nats-server did not listen on 127.0.0.1:${port} within 10 s`);
}
