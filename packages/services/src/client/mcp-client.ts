import type { McpError } from '@clawft/types';
import type { z } from 'zod';
import { mcpError } from '../errors/mcp-error-factory.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { McpSession } from '../protocol/mcp-session.js';
import type { SessionStats } from '../protocol/mcp-session-options.js';
import type { RequestOptions } from '../protocol/request-options.js';
import type { McpMethod, McpResult, RequestWithSchemaOptions } from '../protocol/result-schemas.js';
import { initializeSession } from './initialize-session.js';
import { listAllTools } from './list-all-tools.js';
import type { McpClientOptions } from './mcp-client-options.js';
import type { CallToolResult, InitializeResult, McpTool } from './mcp-schemas.js';
import { RestartScheduler } from './restart-scheduler.js';
import { type NotificationListener, SessionNotifications } from './session-notifications.js';

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
  readonly #notifications = new SessionNotifications();
  #session: McpSession | undefined;
  #initialize: InitializeResult | undefined;
  #tools: readonly McpTool[] = [];
  #closed = false;
  #ready = false;
  readonly #restarts: RestartScheduler | undefined;
  #connecting: Promise<InitializeResult> | undefined;

  constructor(options: McpClientOptions) {
    this.server = options.server;
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
    const restart = options.restart ?? false;
    this.#restarts =
      restart === false
        ? undefined
        : new RestartScheduler({
            restart: restart === true ? {} : restart,
            server: this.server,
            logger: this.#logger,
            reconnect: () => this.connect(),
          });
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
      ...(this.#options.redact === undefined ? {} : { redact: this.#options.redact }),
    });
    this.#session = session;
    this.#ready = false;
    // Only a connection that was up schedules a restart from here; a failed attempt is seen (once) by the
    // scheduler that made it, and a user's own failed connect() starts none.
    session.onClose((error) => {
      if (error !== undefined && this.#ready && session === this.#session) this.#restarts?.failed(error);
    });
    this.#notifications.attach(session);
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
    this.#restarts?.succeeded();
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
    return this.request('tools/call', { name, arguments: args }, options);
  }

  /**
   * Calls `handler` with the params of every notification of `method` (e.g. `notifications/message`), on this
   * connection and on any restarted one. Returns a function that removes it.
   */
  onNotification(method: string, handler: NotificationListener): () => void {
    return this.#notifications.add(method, handler, this.#session);
  }

  /** Calls `listener` with the new list whenever the tool list is fetched. */
  onToolsChanged(listener: (tools: readonly McpTool[]) => void): () => void {
    this.#toolListeners.add(listener);
    return () => this.#toolListeners.delete(listener);
  }

  /**
   * Sends a request on the current session; its result is validated with the method's schema (a method the
   * client does not know needs `resultSchema`). @throws McpError `not-connected`, and see `McpSession.request`
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
  request(
    method: string,
    params?: Record<string, unknown>,
    options: RequestOptions & { resultSchema?: z.ZodType } = {},
  ): Promise<unknown> {
    if (this.#session === undefined || this.#closed) return Promise.reject(this.#notConnected());
    const { resultSchema, ...rest } = options;
    const session = this.#session;
    return resultSchema === undefined
      ? session.request(method as McpMethod, params, rest)
      : session.request(method, params, { ...rest, resultSchema });
  }

  /** Stops restarts and closes the connection (process or HTTP session). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#restarts?.stop();
    await this.#session?.close();
  }

  #notConnected(): McpError {
    return mcpError('not-connected', `MCP server ${this.server} is not connected; call connect() first`, {
      server: this.server,
    });
  }
}
