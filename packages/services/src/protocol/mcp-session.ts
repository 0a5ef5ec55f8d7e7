import { McpError } from '@clawft/types';
import type { z } from 'zod';
import { mcpError } from '../errors/mcp-error-factory.js';
import { redactError } from '../errors/redact-outputs.js';
import { type Redact, redactDeep } from '../errors/redactor.js';
import type { JsonRpcErrorResponse, JsonRpcResultResponse } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { consoleLogger } from '../logger.js';
import { CountedWarnings } from './counted-warnings.js';
import { IncomingRouter, type NotificationHandler, type RequestHandler } from './incoming-router.js';
import type { McpSessionOptions, SessionStats } from './mcp-session-options.js';
import { parseResult } from './parse-result.js';
import { PendingTable } from './pending-table.js';
import { readProgress } from './progress.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './request-options.js';
import {
  type McpMethod,
  type McpResult,
  type RequestWithSchemaOptions,
  resultSchemaFor,
} from './result-schemas.js';
import { rpcError } from './rpc-error.js';
import { type SendRequestContext, sendRequest } from './send-request.js';
import { wireTransport } from './wire-transport.js';

/**
 * JSON-RPC over one `Transport`: multiplexes any number of requests by id (a counter, never reused), owns
 * their timeouts, progress and cancellation, validates each result with its method's schema, answers server
 * requests and dispatches notifications. It adds its handlers to the transport's `onmessage`, `onclose` and
 * `onerror`, calling any set before it first.
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
  readonly #logger: CountedWarnings;
  readonly #redact: Redact;
  readonly #pending = new PendingTable();
  readonly #incoming: IncomingRouter;
  readonly #closeHandlers = new Set<(error: McpError | undefined) => void>();
  #closedError: McpError | undefined;
  readonly #sendContext: SendRequestContext;

  constructor(transport: Transport, options: McpSessionOptions = {}) {
    this.#transport = transport;
    this.#server = options.server;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#logger = new CountedWarnings(options.logger ?? consoleLogger);
    this.#redact = options.redact ?? ((text) => text);
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
    this.#sendContext = {
      transport,
      pending: this.#pending,
      server: this.#server,
      timeoutMs: this.#timeoutMs,
      closedError: () => this.#closedError,
      redact: this.#redact,
      notify: (method, params) => this.notify(method, params),
    };
    wireTransport(transport, {
      onmessage: (message) => this.#incoming.receive(message),
      onclose: (error) => this.#onTransportClose(error),
      onerror: (error) => this.#onTransportError(error),
    });
  }

  /** Starts the transport. @throws McpError `spawn-failed`, `aborted` */
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
   * Sends a request and resolves with its `result`, validated with the method's schema (see
   * `MCP_RESULT_SCHEMAS`); a method the client does not know needs `resultSchema`.
   * @throws McpError `rpc-error` (with `code`), `protocol-error` (a malformed result), `request-timeout`,
   *   `aborted`, `process-exited`, `connection-closed`
   */
  request<M extends McpMethod>(
    method: M,
    params?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<McpResult<M>>;
  request<T extends z.ZodType>(
    method: string,
    params: Record<string, unknown> | undefined,
    options: RequestWithSchemaOptions<T>,
  ): Promise<z.output<T>>;
  async request(
    method: string,
    params?: Record<string, unknown>,
    options: RequestOptions & { resultSchema?: z.ZodType } = {},
  ): Promise<unknown> {
    const { resultSchema, ...requestOptions } = options;
    const raw = await sendRequest(this.#sendContext, method, params, requestOptions);
    return parseResult(resultSchemaFor(method, resultSchema), raw, method, this.#server);
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

  /**
   * Closes the transport. Pending requests fail with `connection-closed` at once, before the transport has
   * finished closing and whether or not its `close()` rejects (then this rejects with that error).
   */
  async close(): Promise<void> {
    try {
      this.#onTransportClose(undefined);
    } finally {
      await this.#transport.close();
    }
  }

  #onResponse(message: JsonRpcResultResponse | JsonRpcErrorResponse): void {
    const pending = this.#pending.takeForResponse(message.id);
    if (pending === 'unknown') {
      const id = this.#redact(JSON.stringify(message.id));
      this.#logger.warn('dropped a response with an unknown id', { server: this.#server, id });
    } else if (pending !== 'late') {
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(rpcError(pending.method, message, this.#server, this.#redact));
    }
  }

  /** A problem that did not end the connection (a skipped line): logged, counted, redacted. */
  #onTransportError(error: Error): void {
    const data = McpError.is(error) ? error.data : undefined;
    const fields = data === undefined ? {} : { data: redactDeep(data, this.#redact) };
    this.#logger.warn(this.#redact(error.message), { server: this.#server, ...fields });
  }

  #onTransportClose(error: McpError | undefined): void {
    if (this.#closedError !== undefined) return;
    const closed =
      error === undefined
        ? mcpError('connection-closed', 'the MCP connection was closed', { server: this.#server })
        : redactError(error, this.#redact);
    this.#closedError = closed;
    // A transport that failed may still hold resources (a server that closed stdout but runs on, an HTTP
    // event stream); close it so nothing outlives the session. Idempotent, so an explicit close() is fine.
    if (error !== undefined) this.#transport.close().catch(() => undefined);
    this.#pending.rejectAll(closed);
    for (const handler of this.#closeHandlers) handler(error);
  }
}
