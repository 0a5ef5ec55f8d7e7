import { type ChatRequest, type LlmProvider, ProviderError, type StreamPart } from '@clawft/types';
import { Agent } from 'undici';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { createFakeLlmServer, type FakeLlmServer, type FakeStep } from '../src/testing/index.js';

export const request: ChatRequest = {
  model: 'fake-model',
  messages: [{ role: 'user', content: 'hello' }],
  tools: [],
  metadata: {},
};

/** A part with the time (performance.now) the consumer received it. */
export interface SeenPart {
  part: StreamPart;
  at: number;
}

/** One fake server plus an OpenAI-compatible provider pointed at it, over its own undici Agent. */
export interface Endpoint {
  server: FakeLlmServer;
  provider: LlmProvider;
  /** Closes the client agent, then the server; resolves with the sockets still open before the server closed. */
  close(): Promise<number>;
}

export async function startEndpoint(options: {
  id: string;
  script: readonly FakeStep[] | ((index: number) => FakeStep);
  idleMs?: number;
  assistantPrefill?: boolean;
}): Promise<Endpoint> {
  const { script } = options;
  const server = await createFakeLlmServer({
    script: typeof script === 'function' ? (_request, index) => script(index) : script,
  });
  const { provider, dispatcher } = httpProvider(options.id, server.openAiBaseUrl, options);
  return {
    server,
    provider,
    async close() {
      await dispatcher.close();
      await server.waitForNoConnections(2_000).catch(() => undefined);
      const open = server.openConnections;
      await server.close();
      return open;
    },
  };
}

/** An OpenAI-compatible provider for `baseUrl` over its own undici Agent (close the agent when done). */
export function httpProvider(
  id: string,
  baseUrl: string,
  options: { idleMs?: number; assistantPrefill?: boolean } = {},
): { provider: LlmProvider; dispatcher: Agent } {
  const dispatcher = new Agent({ keepAliveTimeout: 10 });
  const provider = createOpenAiCompatibleProvider({
    id,
    baseUrl,
    dispatcher,
    // Headers and first token get room for a loaded 2-core machine (a 10k-chunk answer is rendered before its
    // headers); the tests of the idle timer set their own.
    timeouts: { idleMs: options.idleMs ?? 2_000, firstTokenMs: 10_000, headersMs: 10_000, totalMs: 60_000 },
    ...(options.assistantPrefill === undefined ? {} : { assistantPrefill: options.assistantPrefill }),
  });
  return { provider, dispatcher };
}

/** Reads a whole stream, stamping each part with its arrival time. */
export async function readAll(parts: AsyncIterable<StreamPart>): Promise<SeenPart[]> {
  const seen: SeenPart[] = [];
  for await (const part of parts) seen.push({ part, at: performance.now() });
  return seen;
}

/** The text of `count` two-character chunks: `a0a1…` style pieces that make each chunk distinct. */
export function chunkedText(prefix: string, count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) text += `${prefix}${String.fromCharCode(97 + (index % 26))}`;
  return text;
}

export function texts(seen: readonly SeenPart[], provider: string): string[] {
  return seen.flatMap(({ part }) =>
    part.type === 'text-delta' && part.provider === provider ? [part.text] : [],
  );
}

/**
 * Wraps `provider` so that `server` resets (TCP RST) its connections as soon as the `parts`-th text part has been
 * taken from the stream — a connection reset after exactly N parts, whatever the load: the client has read them,
 * and the server (stalled, silent) sends nothing more.
 */
export function resetAfterTextParts(
  provider: LlmProvider,
  server: FakeLlmServer,
  parts: number,
): LlmProvider {
  return {
    ...provider,
    async *stream(chatRequest, options) {
      let seen = 0;
      for await (const part of provider.stream(chatRequest, options)) {
        yield part;
        if (part.type === 'text-delta' && ++seen === parts) server.resetConnections();
      }
    },
  };
}

/** An answer of `parts` two-character text chunks (`AaAbAc…`) that stalls, silently, after the last one. */
export function stalledAnswer(parts: number, prefix = 'A'): FakeStep {
  const text = chunkedText(prefix, parts + 1);
  return { type: 'answer', text, chunks: parts + 1, stallAfterChunks: parts, keepaliveEveryMs: 0 };
}

/** The servers and agents a test opened. `closeAll` closes them all and returns the sockets each left open. */
export class OpenedEndpoints {
  #closers: (() => Promise<number>)[] = [];

  async endpoint(options: Parameters<typeof startEndpoint>[0]): Promise<Endpoint> {
    const started = await startEndpoint(options);
    this.#closers.push(started.close);
    return started;
  }

  /** A provider whose server streams `parts` parts (`AaAbAc…`) and then resets the connection (TCP RST). */
  async resetting(parts: number, options: { id?: string; idleMs?: number } = {}): Promise<LlmProvider> {
    const { server, provider } = await this.endpoint({
      ...options,
      id: options.id ?? 'a',
      script: [stalledAnswer(parts)],
    });
    return resetAfterTextParts(provider, server, parts);
  }

  #timersBefore = 0;

  /** Notes the live timers before a test, for `closeAll` to compare against. */
  mark(): void {
    this.#timersBefore = activeTimers();
  }

  /** Closes everything; resolves with the sockets each server still had open and the timers left over. */
  async closeAll(): Promise<{ sockets: number[]; timers: number }> {
    const sockets = await Promise.all(this.#closers.splice(0).map((close) => close()));
    const deadline = performance.now() + 1_000;
    while (activeTimers() > this.#timersBefore && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { sockets, timers: activeTimers() - this.#timersBefore };
  }
}

/** Every part of a stream, in order. */
export async function collectParts(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const seen: StreamPart[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

/** The ProviderError `promise` rejects with (fails the test if it resolves or rejects with something else). */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!ProviderError.is(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** Node timers alive in this process right now. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}
