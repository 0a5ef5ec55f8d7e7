import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  McpClient,
  type McpLogger,
  type RestartOptions,
  StdioTransport,
  type StdioTransportOptions,
} from '../src/index.js';

export const EVERYTHING = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);
export const FILESYSTEM = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url),
);
export const FAKE_SERVER = fileURLToPath(new URL('./fixtures/fake-server.mjs', import.meta.url));
export const BIND_LOCALHOST = fileURLToPath(new URL('./fixtures/bind-localhost.mjs', import.meta.url));

/** A logger that keeps what it was told. */
export function recordingLogger(): McpLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

export interface StdioClientOptions extends Partial<StdioTransportOptions> {
  timeoutMs?: number;
  logger?: McpLogger;
  restart?: RestartOptions;
}

/** A client (not yet connected) for a node script over stdio; `transport()` returns the latest transport. */
export function stdioClient(
  server: string,
  script: string,
  args: string[],
  options: StdioClientOptions = {},
) {
  let latest: StdioTransport | undefined;
  const recorder = recordingLogger();
  const { timeoutMs, logger = recorder, restart, ...transportOptions } = options;
  const client = new McpClient({
    server,
    logger,
    ...(restart === undefined ? {} : { restart }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    createTransport: () => {
      latest = new StdioTransport({
        command: process.execPath,
        args: [script, ...args],
        server,
        logger,
        ...transportOptions,
      });
      return latest;
    },
  });
  return { client, logger: recorder, transport: () => latest! };
}

/** A port that was free a moment ago, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * True while a process with this pid runs. `process.kill(pid, 0)` also succeeds for a zombie (dead, not yet
 * reaped), and an orphan's zombie lingers wherever PID 1 does not reap (as in some containers), so on Linux a
 * process in state `Z` counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 10 ms until true or `timeoutMs` passes. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

/** The text of the first content block of a tool result. */
export function firstText(result: { content: Array<{ type: string; text?: unknown }> }): string {
  const block = result.content[0];
  return typeof block?.text === 'string' ? block.text : '';
}
