import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeApi, FakeRequest, FakeStep } from './fake-script.js';
import { serveStep } from './serve-step.js';

export interface FakeLlmServerOptions {
  /** Steps served in order, one per request; or a function choosing the step for each request. */
  script?: readonly FakeStep[] | ((request: FakeRequest, index: number) => FakeStep);
  /** Served once the script list is used up. @default { type: 'answer' } (the text "ok") */
  fallback?: FakeStep;
}

/** A running fake LLM server. */
export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Base URL for OpenAI-compatible clients: `<url>/v1` (requests go to `/v1/chat/completions`). */
  readonly openAiBaseUrl: string;
  /** Base URL for Anthropic clients: `<url>/v1` (requests go to `/v1/messages`). */
  readonly anthropicBaseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly FakeRequest[];
  /** Sockets open right now. */
  readonly openConnections: number;
  /** Sockets accepted since the start (keep-alive reuse keeps this low). */
  readonly totalConnections: number;
  /** Appends steps to the script. */
  enqueue(...steps: FakeStep[]): void;
  /**
   * Resets (TCP RST) every open connection now; returns how many. With a stalled answer this is a connection reset
   * at an exact point: everything sent before was read by a client that saw it, nothing after is sent.
   */
  resetConnections(): number;
  /** Resolves once no socket is open; rejects after `timeoutMs` (default 1000) with the count still open. */
  waitForNoConnections(timeoutMs?: number): Promise<void>;
  /** Destroys every socket, stops every pending write, and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a scripted OpenAI-compatible and Anthropic-shaped HTTP server on 127.0.0.1 (port 0). `POST
 * …/chat/completions` answers in the OpenAI shape, `POST …/messages` in Anthropic's.
 *
 * @example
 * const server = await createFakeLlmServer({ script: [{ type: 'status', status: 503 }, { type: 'answer', text: 'hi' }] });
 * // … point a provider at server.openAiBaseUrl …
 * await server.close();
 */
export async function createFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const script = new FakeScript(options);
  const sockets = new Set<Socket>();
  let totalConnections = 0;
  const closing = new AbortController();
  const server = createServer((request, response) => {
    void handle(request, response, script, closing.signal).catch(() => response.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    totalConnections += 1;
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openAiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: `${url}/v1`,
    requests: script.requests,
    get openConnections() {
      return sockets.size;
    },
    get totalConnections() {
      return totalConnections;
    },
    enqueue: (...steps) => script.enqueue(steps),
    resetConnections() {
      const open = [...sockets];
      for (const socket of open) socket.resetAndDestroy();
      return open.length;
    },
    async waitForNoConnections(timeoutMs = 1000) {
      const deadline = performance.now() + timeoutMs;
      while (sockets.size > 0) {
        if (performance.now() > deadline) throw new Error(`${sockets.size} connection(s) still open`);
        await sleep(5);
      }
    },
    async close() {
      closing.abort();
      const closed = [...sockets].map((socket) => once(socket, 'close'));
      for (const socket of sockets) socket.destroy();
      await Promise.all([...closed, new Promise<void>((resolve) => server.close(() => resolve()))]);
    },
  };
}

/** The steps still to serve and the requests received so far. */
class FakeScript {
  readonly requests: FakeRequest[] = [];
  private readonly queue: FakeStep[];
  private readonly choose: ((request: FakeRequest, index: number) => FakeStep) | undefined;
  private readonly fallback: FakeStep;

  constructor(options: FakeLlmServerOptions) {
    this.queue = Array.isArray(options.script) ? [...options.script] : [];
    this.choose = typeof options.script === 'function' ? options.script : undefined;
    this.fallback = options.fallback ?? { type: 'answer' };
  }

  enqueue(steps: readonly FakeStep[]): void {
    this.queue.push(...steps);
  }

  /** Records a request and returns the step that answers it. */
  next(request: FakeRequest): FakeStep {
    this.requests.push(request);
    return this.choose
      ? this.choose(request, this.requests.length - 1)
      : (this.queue.shift() ?? this.fallback);
  }
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  script: FakeScript,
  closing: AbortSignal,
) {
  const text = await readBody(request);
  const api = apiOf(request.url ?? '');
  if (api === undefined || request.method !== 'POST') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
    return;
  }
  const recorded: FakeRequest = {
    api,
    method: request.method,
    path: request.url ?? '',
    headers: { ...request.headers },
    body: parseJson(text),
    receivedAt: performance.now(),
  };
  const step = script.next(recorded);
  const gone = AbortSignal.any([closing, closedSignal(response)]);
  await serveStep(step, recorded, response, gone).catch(() => {
    if (!gone.aborted) response.socket?.destroy();
  });
}

function apiOf(path: string): FakeApi | undefined {
  const pathname = path.split('?')[0] ?? '';
  if (pathname.endsWith('/chat/completions')) return 'openai';
  if (pathname.endsWith('/messages')) return 'anthropic';
  return undefined;
}

function closedSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => controller.abort());
  return controller.signal;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
