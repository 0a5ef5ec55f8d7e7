import { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { Transport } from '../jsonrpc/transport.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { McpSession, type SessionStats } from '../protocol/mcp-session.js';
import type { RequestOptions } from '../protocol/request-options.js';
import { initializeSession } from './initialize-session.js';
import { listAllTools } from './list-all-tools.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  type InitializeResult,
  type McpTool,
} from './mcp-schemas.js';
import { parseResult } from './parse-result.js';
import { type RestartOptions, restartDelayMs } from './restart-options.js';

/** Options for `McpClient`. */
export interface McpClientOptions {
  /** The server's name (the key under `tools.mcpServers`); prefixes its tools and tags its errors. */
  server: string;
  /** Builds a fresh transport; called again for each restart. */
  createTransport: () => Transport;
  /** Default per-request timeout in ms. @default 60000 */
  timeoutMs?: number;
  /** Sent as `clientInfo` in `initialize`. @default { name: 'clawft', version: '0.0.0' } */
  clientInfo?: { name: string; version: string };
  /** Restart a server whose connection drops, with exponential backoff. In-flight calls fail, never replay. @default false */
  restart?: boolean | RestartOptions;
  /** Most `tools/list` pages followed before giving up (guards against a cursor loop). @default 100 */
  maxToolPages?: number;
  /** @default consoleLogger */
  logger?: McpLogger;
}

/**
 * A client for one MCP server: `initialize` handshake with version negotiation, `tools/list` with paging,
 * `tools/call`, a tool list kept fresh on `notifications/tools/list_changed`, optional restart.
 *
 * @example
 * const client = new McpClient({ server: 'fs', createTransport: () => new StdioTransport({ command: 'mcp-fs' }) });
 * await client.connect();
 * const result = await client.callTool('read_text_file', { path: 'a.txt' });
 */
export class McpClient {
  readonly server: string;
  readonly #options: McpClientOptions;
  readonly #logger: McpLogger;
  readonly #toolListeners = new Set<(tools: readonly McpTool[]) => void>();
  readonly #notificationHandlers = new Set<{
    method: string;
    handler: (params: Record<string, unknown> | undefined) => void;
  }>();
  #session: McpSession | undefined;
  #initialize: InitializeResult | undefined;
  #tools: readonly McpTool[] = [];
  #closed = false;
  #ready = false;
  #restarts = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #connecting: Promise<InitializeResult> | undefined;

  constructor(options: McpClientOptions) {
    this.server = options.server;
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
  }

  /** What the server said in `initialize` (protocol version, capabilities, serverInfo, instructions). */
  get serverInfo(): InitializeResult | undefined {
    return this.#initialize;
  }

  /** True while a session is up and initialized. */
  get connected(): boolean {
    return !this.#closed && this.#ready && this.#session?.closedError === undefined;
  }

  /** The last tool list fetched. */
  get tools(): readonly McpTool[] {
    return this.#tools;
  }

  /** Session counters (pending, late and unknown responses). */
  get stats(): SessionStats {
    return this.#session?.stats ?? { pending: 0, lateResponses: 0, unknownResponses: 0 };
  }

  /**
   * Starts the transport, runs the `initialize` handshake and fetches the tool list. While connected, or while
   * a connect is under way, it starts nothing new: it resolves with the current (or coming) `serverInfo`.
   * @throws McpError `spawn-failed`, `unsupported-protocol-version`, `request-timeout`, `process-exited`, …
   */
  connect(options: { signal?: AbortSignal } = {}): Promise<InitializeResult> {
    if (this.connected && this.#initialize !== undefined) return Promise.resolve(this.#initialize);
    this.#connecting ??= this.#connect(options).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(options: { signal?: AbortSignal }): Promise<InitializeResult> {
    if (this.#closed) throw this.#notConnected();
    const session = new McpSession(this.#options.createTransport(), {
      server: this.server,
      ...(this.#options.timeoutMs !== undefined && { timeoutMs: this.#options.timeoutMs }),
      logger: this.#logger,
    });
    this.#session = session;
    this.#ready = false;
    session.onClose((error) => this.#onSessionClose(session, error));
    for (const entry of this.#notificationHandlers) {
      session.onNotification(
        entry.method,
        (params) => this.#notificationHandlers.has(entry) && entry.handler(params),
      );
    }
    try {
      await session.start(options);
      this.#initialize = await initializeSession(session, {
        server: this.server,
        clientInfo: this.#options.clientInfo ?? { name: 'clawft', version: '0.0.0' },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      if (this.#closed) throw this.#notConnected();
      if (this.#initialize.capabilities.tools !== undefined) await this.listTools(options);
    } catch (error) {
      await session.close().catch(() => undefined);
      throw error;
    }
    session.onNotification('notifications/tools/list_changed', () => {
      this.listTools().catch((error: unknown) =>
        this.#logger.warn('tools/list refresh failed', { server: this.server, error: String(error) }),
      );
    });
    this.#ready = true;
    return this.#initialize;
  }

  /** Fetches every page of `tools/list`. @throws McpError `protocol-error` when the cursor repeats */
  async listTools(options: RequestOptions = {}): Promise<readonly McpTool[]> {
    const tools = await listAllTools({
      request: (params) => this.request('tools/list', params, options),
      maxPages: this.#options.maxToolPages ?? 100,
      server: this.server,
    });
    this.#tools = tools;
    for (const listener of this.#toolListeners) listener(tools);
    return tools;
  }

  /** Calls a tool. A tool failure comes back as `{ isError: true }` data, not as an exception. */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<CallToolResult> {
    const raw = await this.request('tools/call', { name, arguments: args }, options);
    return parseResult(CallToolResultSchema, raw, 'tools/call', this.server);
  }

  /**
   * Calls `handler` with the params of every notification of `method` (e.g. `notifications/message`), on this
   * connection and on any restarted one. Returns a function that removes it.
   */
  onNotification(method: string, handler: (params: Record<string, unknown> | undefined) => void): () => void {
    const entry = { method, handler };
    this.#notificationHandlers.add(entry);
    this.#session?.onNotification(
      method,
      (params) => this.#notificationHandlers.has(entry) && handler(params),
    );
    return () => this.#notificationHandlers.delete(entry);
  }

  /** Calls `listener` with the new list whenever the tool list is fetched. */
  onToolsChanged(listener: (tools: readonly McpTool[]) => void): () => void {
    this.#toolListeners.add(listener);
    return () => this.#toolListeners.delete(listener);
  }

  /** Sends any request on the current session. */
  request(method: string, params?: Record<string, unknown>, options: RequestOptions = {}): Promise<unknown> {
    if (this.#session === undefined || this.#closed) return Promise.reject(this.#notConnected());
    return this.#session.request(method, params, options);
  }

  /** Stops restarts and closes the connection (process or HTTP session). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    await this.#session?.close();
  }

  #onSessionClose(session: McpSession, error: McpError | undefined): void {
    const restart = this.#options.restart;
    if (error === undefined || this.#closed || session !== this.#session || !restart) return;
    const delay = restartDelayMs(restart === true ? {} : restart, this.#restarts);
    const fields = { server: this.server, error: error.message };
    if (delay === undefined) {
      this.#logger.warn('MCP server stopped and its restarts are used up', fields);
      return;
    }
    this.#restarts += 1;
    this.#logger.warn(`MCP server stopped; restarting in ${delay} ms`, fields);
    this.#restartTimer = setTimeout(() => {
      this.connect().then(
        () => {
          this.#restarts = 0;
        },
        (failure: unknown) =>
          this.#onSessionClose(this.#session ?? session, McpError.is(failure) ? failure : error),
      );
    }, delay);
  }

  #notConnected(): McpError {
    return mcpError('not-connected', `MCP server ${this.server} is not connected; call connect() first`, {
      server: this.server,
    });
  }
}
