import { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { JsonRpcErrorResponse, JsonRpcRequest, JsonRpcResultResponse } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { IncomingRouter, type NotificationHandler, type RequestHandler } from './incoming-router.js';
import { PendingRequest, refuseRequest } from './pending-request.js';
import { PendingTable } from './pending-table.js';
import { readProgress, withProgressToken } from './progress.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './request-options.js';

/** Options for `McpSession`. */
export interface McpSessionOptions {
  /** Server name for errors and logs. */
  server?: string;
  /** Default per-request timeout in ms (config `tools.mcpServers.<name>.timeoutMs`). @default 60000 */
  timeoutMs?: number;
  /** @default consoleLogger */
  logger?: McpLogger;
}

/** Counters of what the session received and dropped. */
export interface SessionStats {
  pending: number;
  /** Responses to requests that had already ended (timed out or aborted). */
  lateResponses: number;
  /** Responses with an id this session never sent. */
  unknownResponses: number;
}

/**
 * JSON-RPC over one `Transport`: multiplexes any number of requests by id (a counter, never reused), owns
 * their timeouts, progress and cancellation, answers server requests and dispatches notifications.
 *
 * @example
 * const session = new McpSession(transport, { timeoutMs: 30_000 });
 * await session.start();
 * const result = await session.request('tools/list', {}, { signal });
 */
export class McpSession {
  readonly #transport: Transport;
  readonly #server: string | undefined;
  readonly #timeoutMs: number;
  readonly #logger: McpLogger;
  readonly #pending = new PendingTable();
  readonly #incoming: IncomingRouter;
  readonly #closeHandlers = new Set<(error: McpError | undefined) => void>();
  #closedError: McpError | undefined;

  constructor(transport: Transport, options: McpSessionOptions = {}) {
    this.#transport = transport;
    this.#server = options.server;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#logger = options.logger ?? consoleLogger;
    this.#incoming = new IncomingRouter({
      logger: this.#logger,
      server: this.#server,
      onResponse: (message) => this.#onResponse(message),
      reply: (message) => this.#transport.send(message),
    });
    this.#incoming.onNotification('notifications/progress', (params) => {
      const progress = readProgress(params);
      if (progress !== undefined) this.#pending.get(progress.requestId)?.progress(progress.update);
    });
    transport.onmessage = (message) => this.#incoming.receive(message);
    transport.onclose = (error) => this.#onTransportClose(error);
  }

  /** Starts the transport. @throws McpError `spawn-failed` */
  async start(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#transport.start(options);
  }

  get stats(): SessionStats {
    return {
      pending: this.#pending.size,
      lateResponses: this.#pending.lateResponses,
      unknownResponses: this.#pending.unknownResponses,
    };
  }

  /** Why the session ended, once it has. */
  get closedError(): McpError | undefined {
    return this.#closedError;
  }

  /**
   * Sends a request and resolves with its `result`.
   * @throws McpError `rpc-error` (with `code`), `request-timeout`, `aborted`, `process-exited`, `connection-closed`
   */
  request(method: string, params?: Record<string, unknown>, options: RequestOptions = {}): Promise<unknown> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError);
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const refused = refuseRequest(method, { ...options, timeoutMs }, this.#server);
    if (refused !== undefined) return Promise.reject(refused);
    const id = this.#pending.nextId();
    const withToken = options.onProgress === undefined ? params : withProgressToken(params, id);
    return new Promise((resolve, reject) => {
      const pending = new PendingRequest(
        id,
        method,
        { ...options, timeoutMs },
        { resolve, reject, expire: (request, error) => this.#expire(request, error) },
        this.#server,
      );
      this.#pending.add(pending);
      const message: JsonRpcRequest = {
        jsonrpc: '2.0',
        id,
        method,
        ...(withToken === undefined ? {} : { params: withToken }),
      };
      // Timeout, abort or connection loss also ends an HTTP POST still streaming its reply.
      this.#transport
        .send(message, { signal: pending.ioSignal })
        .catch((error: unknown) => this.#failOne(pending, error));
    });
  }

  /** Passes the negotiated protocol version to the transport (HTTP sends it as a header). */
  setProtocolVersion(version: string): void {
    this.#transport.setProtocolVersion?.(version);
  }

  /** Sends a notification. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    if (this.#closedError !== undefined) throw this.#closedError;
    await this.#transport.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** Handles notifications of `method`; returns a function that removes the handler. */
  onNotification(method: string, handler: NotificationHandler): () => void {
    return this.#incoming.onNotification(method, handler);
  }

  /** Answers server requests of `method` with the handler's result (replaces the default for `ping`). */
  onRequest(method: string, handler: RequestHandler): void {
    this.#incoming.onRequest(method, handler);
  }

  /** Called once when the connection ends, with the reason unless it was `close()`. */
  onClose(handler: (error: McpError | undefined) => void): () => void {
    this.#closeHandlers.add(handler);
    return () => this.#closeHandlers.delete(handler);
  }

  /** Closes the transport; pending requests fail with `connection-closed`. */
  async close(): Promise<void> {
    await this.#transport.close();
    this.#onTransportClose(undefined);
  }

  #onResponse(message: JsonRpcResultResponse | JsonRpcErrorResponse): void {
    const pending = this.#pending.takeForResponse(message.id);
    if (pending === 'unknown') {
      this.#logger.warn('dropped a response with an unknown id', { server: this.#server, id: message.id });
    } else if (pending !== 'late') {
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(rpcError(pending.method, message, this.#server));
    }
  }

  #expire(request: PendingRequest, error: McpError): void {
    if (!this.#pending.remove(request)) return;
    request.abandon(error);
    if (request.method === 'initialize' || this.#closedError !== undefined) return;
    const reason = error.kind === 'aborted' ? 'aborted by the client' : 'timed out';
    this.notify('notifications/cancelled', { requestId: request.id, reason }).catch(() => undefined);
  }

  #failOne(request: PendingRequest, error: unknown): void {
    if (!this.#pending.remove(request)) return;
    const fields = { method: request.method, server: this.#server, cause: error };
    request.reject(
      McpError.is(error) ? error : mcpError('connection-closed', `could not send ${request.method}`, fields),
    );
  }

  #onTransportClose(error: McpError | undefined): void {
    if (this.#closedError !== undefined) return;
    const closed =
      error ?? mcpError('connection-closed', 'the MCP connection was closed', { server: this.#server });
    this.#closedError = closed;
    // A transport that failed may still hold resources (a server that closed stdout but runs on, an HTTP
    // event stream); close it so nothing outlives the session. Idempotent, so an explicit close() is fine.
    if (error !== undefined) this.#transport.close().catch(() => undefined);
    this.#pending.rejectAll(closed);
    for (const handler of this.#closeHandlers) handler(error);
  }
}

function rpcError(method: string, message: JsonRpcErrorResponse, server: string | undefined): McpError {
  const { code, message: text, data } = message.error;
  return mcpError('rpc-error', `MCP server answered ${method} with error ${code}: ${text}`, {
    method,
    code,
    data,
    server,
  });
}
