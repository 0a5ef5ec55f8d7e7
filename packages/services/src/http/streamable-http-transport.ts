import { setMaxListeners } from 'node:events';
import type { McpError } from '@clawft/types';
import { linkSignals } from '@clawft/types/internal';
import { Agent, type Dispatcher, request } from 'undici';
import { mcpError } from '../errors/mcp-error-factory.js';
import { startAborted } from '../errors/start-errors.js';
import type { JsonRpcId, JsonRpcMessage } from '../jsonrpc/messages.js';
import type { Transport, TransportSendOptions } from '../jsonrpc/transport.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { EventStream } from './event-stream.js';
import { type ReadJsonMessagesOptions, readJsonMessages } from './read-json-messages.js';
import type { StreamableHttpTransportOptions } from './streamable-http-options.js';

/**
 * MCP Streamable HTTP: every message is a POST; a request's answer comes back as JSON or as an SSE stream
 * (which may carry progress notifications first). Keeps `Mcp-Session-Id` and sends `MCP-Protocol-Version`
 * once negotiated; `close()` ends the session with DELETE.
 *
 * @example
 * const transport = new StreamableHttpTransport({ url: 'http://127.0.0.1:3001/mcp' });
 */
export class StreamableHttpTransport implements Transport {
  onmessage?: (message: unknown) => void;
  onclose?: (error: McpError | undefined) => void;
  onerror?: (error: Error) => void;

  readonly #options: StreamableHttpTransportOptions;
  readonly #url: URL;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #abort = new AbortController();
  readonly #logger: McpLogger;
  #sessionId: string | undefined;
  #protocolVersion: string | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: StreamableHttpTransportOptions) {
    this.#options = options;
    this.#url = new URL(options.url);
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });
    this.#logger = options.logger ?? consoleLogger;
    // Every in-flight request listens on the close signal (removed when it ends), and requests are multiplexed
    // without limit, so more than Node's default of 10 listeners is normal here, not a leak.
    setMaxListeners(0, this.#abort.signal);
  }

  /** The `Mcp-Session-Id` the server assigned, if any. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** Opens nothing yet (the first POST does); rejects when `signal` is already aborted. @throws McpError `aborted` */
  async start(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (options.signal?.aborted) throw startAborted(options.signal, this.#options.server);
  }

  setProtocolVersion(version: string): void {
    this.#protocolVersion = version;
  }

  async send(message: JsonRpcMessage, options: TransportSendOptions = {}): Promise<void> {
    if (this.#closed !== undefined) throw this.#error('not-connected', 'the MCP HTTP transport is closed');
    const linked = linkSignals(this.#abort.signal, options.signal);
    try {
      await this.#post(message, linked.signal);
    } finally {
      linked.unlink();
    }
  }

  async #post(message: JsonRpcMessage, signal: AbortSignal): Promise<void> {
    const response = await this.#request('POST', JSON.stringify(message), signal);
    const sessionId = response.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId !== '') this.#sessionId = sessionId;
    if (response.statusCode < 200 || response.statusCode > 299) await this.#failStatus(response);
    const initialized = 'method' in message && message.method === 'notifications/initialized';
    if (initialized && this.#options.eventStream !== false) this.#openEventStream();
    if (response.statusCode === 202) {
      await response.body.dump();
      return;
    }
    const contentType = String(response.headers['content-type'] ?? '');
    const requestId = 'method' in message && 'id' in message ? message.id : undefined;
    const seen = await readJsonMessages(
      response.body,
      this.#readOptions(contentType.includes('text/event-stream'), requestId),
    );
    if (requestId !== undefined && !seen) {
      throw this.#error('connection-closed', 'the MCP server ended its reply stream before answering');
    }
  }

  #openEventStream(): void {
    const stream = new EventStream({
      open: (lastEventId, signal) =>
        this.#request(
          'GET',
          undefined,
          signal,
          lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
        ),
      read: async (response, onEvent) => {
        if (response.statusCode < 200 || response.statusCode > 299) await this.#failStatus(response);
        await readJsonMessages(response.body, { ...this.#readOptions(true, undefined), onEvent });
      },
      reconnect: this.#options.eventStreamReconnect ?? {},
      signal: this.#abort.signal,
      logger: this.#logger,
      server: this.#options.server,
    });
    void stream.run();
  }

  #readOptions(sse: boolean, responseId: JsonRpcId | undefined): ReadJsonMessagesOptions {
    return {
      sse,
      maxMessageBytes: this.#options.maxMessageBytes ?? 64 * 1024 * 1024,
      onMessage: (value) => this.onmessage?.(value),
      onInvalid: (text) =>
        this.#logger.warn('skipped a non-JSON MCP HTTP message', { preview: text.slice(0, 200) }),
      responseId,
      server: this.#options.server,
    };
  }

  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  async #shutdown(): Promise<void> {
    // Pending requests learn of the close first (connection-closed), before their aborted POSTs reject.
    this.onclose?.(undefined);
    this.#abort.abort();
    if (this.#sessionId !== undefined) {
      try {
        const response = await this.#request('DELETE', undefined, AbortSignal.timeout(2000));
        await response.body.dump();
      } catch (error) {
        this.#logger.warn('DELETE of the MCP session failed', {
          error: String(error),
          server: this.#options.server,
        });
      }
    }
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #request(
    method: 'POST' | 'GET' | 'DELETE',
    body: string | undefined,
    signal: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = {
      ...this.#options.headers,
      ...extraHeaders,
      accept: method === 'GET' ? 'text/event-stream' : 'application/json, text/event-stream',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#sessionId !== undefined) headers['mcp-session-id'] = this.#sessionId;
    if (this.#protocolVersion !== undefined) headers['mcp-protocol-version'] = this.#protocolVersion;
    return request(this.#url, {
      method,
      headers,
      body: body ?? null,
      signal,
      dispatcher: this.#dispatcher,
      headersTimeout: this.#options.headersTimeoutMs ?? 30_000,
      // The event stream may rightly stay silent for hours; it ends on close().
      bodyTimeout: method === 'GET' ? 0 : (this.#options.bodyIdleTimeoutMs ?? 300_000),
    }).catch((error: unknown) => {
      const message = `MCP HTTP ${method} to ${this.#url.origin} failed: ${String(error)}`;
      throw this.#error(this.#closed === undefined ? 'http-error' : 'connection-closed', message, {
        cause: error,
      });
    });
  }

  async #failStatus(response: Dispatcher.ResponseData): Promise<never> {
    const text = (await response.body.text().catch(() => '')).slice(0, 500);
    const expired = response.statusCode === 404 && this.#sessionId !== undefined;
    const error = this.#error(
      'http-error',
      expired
        ? 'the MCP server no longer knows this session (404); reconnect to start a new one'
        : `MCP server answered HTTP ${response.statusCode}: ${text}`,
      { status: response.statusCode, retryable: response.statusCode >= 500 || response.statusCode === 429 },
    );
    if (expired) this.onclose?.(error);
    throw error;
  }

  #error(
    kind: 'http-error' | 'not-connected' | 'connection-closed',
    message: string,
    extra: { status?: number; retryable?: boolean; cause?: unknown } = {},
  ): McpError {
    return mcpError(kind, message, { ...extra, server: this.#options.server });
  }
}
