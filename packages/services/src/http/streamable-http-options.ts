import type { Dispatcher } from 'undici';
import type { RestartOptions } from '../client/restart-options.js';
import type { McpLogger } from '../logger.js';

/** Options for `StreamableHttpTransport`. */
export interface StreamableHttpTransportOptions {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3001/mcp`. */
  url: string | URL;
  /** Extra headers on every request (e.g. `Authorization`). @default {} */
  headers?: Readonly<Record<string, string>>;
  /** Server name for errors and logs. */
  server?: string;
  /** Time allowed for response headers, in ms. @default 30000 */
  headersTimeoutMs?: number;
  /** Longest silence allowed inside a response body (JSON or SSE), in ms. @default 300000 */
  bodyIdleTimeoutMs?: number;
  /** Largest JSON body or SSE event accepted, in bytes. @default 67108864 (64 MiB) */
  maxMessageBytes?: number;
  /**
   * After `notifications/initialized`, open the GET event stream on which the server sends messages that
   * belong to no request (`list_changed`, log messages, its own requests). A 405 answer is accepted quietly.
   * When the stream ends or fails it is reopened (see `eventStreamReconnect`), with `Last-Event-ID`.
   * @default true
   */
  eventStream?: boolean;
  /**
   * Backoff for reopening the event stream: the delay doubles from `initialDelayMs` up to `maxDelayMs`; after
   * `maxRestarts` reopenings in a row that carried no event it stays closed. A 4xx other than 429 stops it.
   * @default { maxRestarts: 5, initialDelayMs: 500, maxDelayMs: 30000 }
   */
  eventStreamReconnect?: RestartOptions;
  /** undici dispatcher to use; by default the transport owns a keep-alive `Agent` and closes it on `close()`. */
  dispatcher?: Dispatcher;
  /** @default consoleLogger */
  logger?: McpLogger;
}
