import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  McpClient,
  type McpLogger,
  type RestartOptions,
  StdioTransport,
  type StdioTransportOptions,
} from '../src/index.js';

export { descendants, isAlive, waitUntil } from './processes.js';

export const EVERYTHING = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);
export const FILESYSTEM = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url),
);
export const FAKE_SERVER = fileURLToPath(new URL('./fixtures/fake-server.mjs', import.meta.url));
export const BIND_LOCALHOST = fileURLToPath(new URL('./fixtures/bind-localhost.mjs', import.meta.url));

/** A logger that keeps what it was told: the messages, and each message with its fields in `entries`. */
export function recordingLogger(): McpLogger & {
  messages: string[];
  entries: Array<{ message: string; fields: Record<string, unknown> | undefined }>;
} {
  const messages: string[] = [];
  const entries: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  return {
    messages,
    entries,
    warn: (message, fields) => {
      messages.push(message);
      entries.push({ message, fields });
    },
  };
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

/** The text of the first content block of a tool result. */
export function firstText(result: { content: Array<{ type: string; text?: unknown }> }): string {
  const block = result.content[0];
  return typeof block?.text === 'string' ? block.text : '';
}
