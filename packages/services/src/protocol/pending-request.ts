import type { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { Progress, RequestOptions } from './request-options.js';

/** How a pending request asks its owner to end it. */
export interface PendingCallbacks {
  resolve: (result: unknown) => void;
  reject: (error: McpError) => void;
  /** Called when a timer fires or the signal aborts; the owner removes the entry and maybe sends a cancel. */
  expire: (request: PendingRequest, error: McpError) => void;
}

/**
 * One in-flight request: its timers, abort listener, progress callback and the signal that ends its I/O (an
 * HTTP POST still streaming its reply). `settle` releases them all.
 */
export class PendingRequest {
  readonly id: number;
  readonly method: string;
  readonly #options: RequestOptions;
  readonly #timeoutMs: number;
  readonly #callbacks: PendingCallbacks;
  readonly #server: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #totalTimer: NodeJS.Timeout | undefined;
  readonly #io = new AbortController();
  readonly #onAbort = (): void => this.#expire(this.#abortError());

  constructor(
    id: number,
    method: string,
    options: RequestOptions & { timeoutMs: number },
    callbacks: PendingCallbacks,
    server?: string,
  ) {
    this.id = id;
    this.method = method;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs;
    this.#callbacks = callbacks;
    this.#server = server;
    this.#timer = setTimeout(() => this.#expire(this.#timeoutError(this.#timeoutMs)), this.#timeoutMs);
    if (options.maxTotalTimeoutMs !== undefined) {
      const total = options.maxTotalTimeoutMs;
      this.#totalTimer = setTimeout(() => this.#expire(this.#timeoutError(total)), total);
    }
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Aborted when the request ends without its answer (timeout, abort, connection loss), so the I/O stops. */
  get ioSignal(): AbortSignal {
    return this.#io.signal;
  }

  /** Reports progress, and restarts the timeout clock when asked to. */
  progress(update: Progress): void {
    if (this.#options.resetTimeoutOnProgress === true) this.#timer?.refresh();
    this.#options.onProgress?.(update);
  }

  resolve(result: unknown): void {
    this.settle();
    this.#callbacks.resolve(result);
  }

  reject(error: McpError): void {
    this.settle();
    this.#callbacks.reject(error);
  }

  /** Rejects without an answer having come: also aborts the request's I/O (its HTTP POST). */
  abandon(error: McpError): void {
    this.reject(error);
    this.#io.abort(error);
  }

  /** Clears the timers and the abort listener. */
  settle(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#totalTimer);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
  }

  #expire(error: McpError): void {
    this.#callbacks.expire(this, error);
  }

  #timeoutError(timeoutMs: number): McpError {
    const message = `MCP request ${this.method} got no response within ${timeoutMs} ms`;
    return mcpError('request-timeout', message, {
      method: this.method,
      retryable: true,
      server: this.#server,
    });
  }

  #abortError(): McpError {
    const message = `MCP request ${this.method} was aborted by the caller`;
    return mcpError('aborted', message, {
      method: this.method,
      cause: this.#options.signal?.reason,
      server: this.#server,
    });
  }
}

/** Node fires a timer set above this at once (with a warning), so longer timeouts are refused. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Why a request must not be sent at all: McpError `aborted` for a signal that already fired, a TypeError
 * quoting the first timeout Node cannot schedule; `undefined` when it may go.
 */
export function refuseRequest(
  method: string,
  options: RequestOptions & { timeoutMs: number },
  server: string | undefined,
): McpError | TypeError | undefined {
  if (options.signal?.aborted === true) {
    const message = `MCP request ${method} was aborted before it was sent`;
    return mcpError('aborted', message, { method, server, cause: options.signal.reason });
  }
  const { timeoutMs, maxTotalTimeoutMs } = options;
  const bad = [timeoutMs, maxTotalTimeoutMs].find(
    (value) => value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_MS),
  );
  if (bad === undefined) return undefined;
  return new TypeError(
    `MCP request timeouts must be whole milliseconds from 1 to ${MAX_TIMER_MS}, got ${bad}`,
  );
}
