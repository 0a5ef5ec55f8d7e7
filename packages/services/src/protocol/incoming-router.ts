import {
  classifyMessage,
  JSON_RPC_METHOD_NOT_FOUND,
  type JsonRpcErrorResponse,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResultResponse,
} from '../jsonrpc/messages.js';
import type { McpLogger } from '../logger.js';

/** Params of an incoming request or notification. */
export type IncomingParams = Record<string, unknown> | undefined;
/** Answers one server→client request; its return value (or promise) becomes the `result`. */
export type RequestHandler = (params: IncomingParams) => unknown;
/** Receives one server notification. */
export type NotificationHandler = (params: IncomingParams) => void;

const JSON_RPC_INTERNAL_ERROR = -32603;

/** Options for `IncomingRouter`. */
export interface IncomingRouterOptions {
  logger: McpLogger;
  server?: string | undefined;
  /** Receives every response (result or error) for the session to match by id. */
  onResponse: (message: JsonRpcResultResponse | JsonRpcErrorResponse) => void;
  /** Sends the answer to a server request. */
  reply: (message: JsonRpcMessage) => Promise<void>;
}

/**
 * Sorts what the server sends: responses go to the session; requests are answered (by handler, `ping` with
 * `{}` by default, unknown methods with -32601); notifications go to every handler of their method; anything
 * else is logged and dropped.
 */
export class IncomingRouter {
  readonly #requestHandlers = new Map<string, RequestHandler>([['ping', () => ({})]]);
  readonly #notificationHandlers = new Map<string, Set<NotificationHandler>>();
  readonly #options: IncomingRouterOptions;

  constructor(options: IncomingRouterOptions) {
    this.#options = options;
  }

  /** Handles one decoded JSON value from the transport. */
  receive(value: unknown): void {
    const classified = classifyMessage(value);
    switch (classified.type) {
      case 'result':
      case 'error':
        this.#options.onResponse(classified.message);
        return;
      case 'request':
        void this.answer(classified.message).then((reply) =>
          this.#options.reply(reply).catch(() => undefined),
        );
        return;
      case 'notification':
        this.dispatch(classified.message);
        return;
      case 'invalid':
        this.#options.logger.warn(`dropped an invalid JSON-RPC message: ${classified.reason}`, {
          server: this.#options.server,
        });
        return;
      default: {
        const unreachable: never = classified;
        void unreachable;
      }
    }
  }

  onRequest(method: string, handler: RequestHandler): void {
    this.#requestHandlers.set(method, handler);
  }

  onNotification(method: string, handler: NotificationHandler): () => void {
    const handlers = this.#notificationHandlers.get(method) ?? new Set();
    handlers.add(handler);
    this.#notificationHandlers.set(method, handlers);
    return () => handlers.delete(handler);
  }

  /** The reply to a server request: the handler's result, -32601 for no handler, -32603 if it threw. */
  async answer(request: JsonRpcRequest): Promise<JsonRpcMessage> {
    const handler = this.#requestHandlers.get(request.method);
    if (handler === undefined) {
      const error = { code: JSON_RPC_METHOD_NOT_FOUND, message: `Method not found: ${request.method}` };
      return { jsonrpc: '2.0', id: request.id, error };
    }
    try {
      return { jsonrpc: '2.0', id: request.id, result: await handler(request.params) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { jsonrpc: '2.0', id: request.id, error: { code: JSON_RPC_INTERNAL_ERROR, message } };
    }
  }

  /** Calls every handler of the notification's method; a throwing handler is logged, not propagated. */
  dispatch(notification: JsonRpcNotification): void {
    for (const handler of this.#notificationHandlers.get(notification.method) ?? []) {
      try {
        handler(notification.params);
      } catch (error) {
        this.#options.logger.warn(`notification handler for ${notification.method} threw`, {
          server: this.#options.server,
          error: String(error),
        });
      }
    }
  }
}
