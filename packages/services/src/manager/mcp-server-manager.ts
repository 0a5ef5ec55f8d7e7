import { McpError, type McpServer } from '@clawft/types';
import { McpClient } from '../client/mcp-client.js';
import type { RestartOptions } from '../client/restart-options.js';
import { redactingLogger } from '../errors/redact-outputs.js';
import { createServerRedactor, type Redact } from '../errors/redactor.js';
import { StreamableHttpTransport } from '../http/streamable-http-transport.js';
import type { Transport } from '../jsonrpc/transport.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { StdioTransport } from '../stdio/stdio-transport.js';
import { createMcpTools, type McpToolAdapter } from '../tools/mcp-tool-adapter.js';

/** Options for `McpServerManager`. */
export interface McpServerManagerOptions {
  /** Backoff for servers configured with `restart: true`. @default { maxRestarts: 5, initialDelayMs: 500, maxDelayMs: 30000 } */
  restart?: RestartOptions;
  /** @default { name: 'clawft', version: '0.0.0' } */
  clientInfo?: { name: string; version: string };
  /** @default consoleLogger */
  logger?: McpLogger;
  /**
   * A redactor for every server's errors and log lines (e.g. the config's secret registry), applied after the
   * server's own secrets — secret-named `env` values, secret arguments, auth-like header values — are taken out.
   * @default none (only each server's own secrets)
   */
  redact?: Redact;
}

/** How one configured server fared in `start()`. */
export type McpServerStatus =
  | { server: string; state: 'connected'; tools: number; protocolVersion: string }
  | { server: string; state: 'failed'; error: McpError }
  | { server: string; state: 'disabled' };

/**
 * Starts the servers of config `tools.mcpServers` together, reports each one's outcome without letting one
 * failure stop the others, exposes their tools as agent tools and closes them all.
 *
 * @example
 * const manager = new McpServerManager(config.tools.mcpServers);
 * const statuses = await manager.start();
 * registry.register(...manager.tools());
 */
export class McpServerManager {
  readonly #servers: Readonly<Record<string, McpServer>>;
  readonly #options: McpServerManagerOptions;
  readonly #clients = new Map<string, McpClient>();
  /** Clients still connecting: `close()` ends them too, so a close during `start()` leaves no process behind. */
  readonly #connecting = new Set<McpClient>();
  /** The one start of this manager: later `start()` calls share it instead of spawning servers again. */
  #starting: Promise<McpServerStatus[]> | undefined;
  /** Where `tools()` reports renamed tools: each rename once, however often `tools()` is called. */
  readonly #renameLogger: McpLogger;
  #closed = false;

  constructor(servers: Readonly<Record<string, McpServer>>, options: McpServerManagerOptions = {}) {
    this.#servers = servers;
    this.#options = options;
    this.#renameLogger = warnOnce(options.logger ?? consoleLogger);
  }

  /**
   * Connects every enabled server concurrently; never throws for a single server's failure. Calling it again
   * returns the first call's statuses (pending or settled) and connects nothing more; that call's `signal` is
   * the one that counts. After `close()` it connects nothing: each enabled server is `failed` (`not-connected`).
   */
  start(options: { signal?: AbortSignal } = {}): Promise<McpServerStatus[]> {
    if (this.#closed) return this.#startAll(options);
    this.#starting ??= this.#startAll(options);
    return this.#starting;
  }

  /** Connected clients by server name. */
  get clients(): ReadonlyMap<string, McpClient> {
    return this.#clients;
  }

  /**
   * Every tool of every connected server, named `<server>__<tool>`; a tool whose name an earlier one (config
   * order) already has gets a hash suffix, logged once per manager (see `createMcpTools`).
   */
  tools(): McpToolAdapter[] {
    // Config order, not the order servers finished connecting in, decides which tool keeps a contested name.
    const clients = Object.keys(this.#servers).flatMap((name) => this.#clients.get(name) ?? []);
    return createMcpTools(clients, { logger: this.#renameLogger });
  }

  /**
   * Closes every server (processes ended, HTTP sessions deleted), also those still connecting; a server that
   * fails to close is logged and never stops the others from closing. Later `start()` calls connect nothing.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const clients = [...this.#clients.values(), ...this.#connecting];
    this.#clients.clear();
    this.#connecting.clear();
    const outcomes = await Promise.allSettled(clients.map((client) => client.close()));
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const fields = { server: clients[index]?.server, error: String(outcome.reason) };
      (this.#options.logger ?? consoleLogger).warn('closing an MCP server failed', fields);
    });
  }

  #startAll(options: { signal?: AbortSignal }): Promise<McpServerStatus[]> {
    return Promise.all(
      Object.entries(this.#servers).map(([name, config]) => this.#startOne(name, config, options)),
    );
  }

  async #startOne(
    name: string,
    config: McpServer,
    options: { signal?: AbortSignal },
  ): Promise<McpServerStatus> {
    if (!config.enabled) return { server: name, state: 'disabled' };
    const { redact } = this.#options;
    const redactServer = createServerRedactor(config, redact);
    // Every line logged for this server, by the transport too (an HTTP body preview), is redacted.
    const logger = redactingLogger(this.#options.logger ?? consoleLogger, redactServer);
    const client = new McpClient({
      server: name,
      createTransport: () => createTransport(name, config, logger, redact),
      redact: redactServer,
      timeoutMs: config.timeoutMs,
      restart: config.restart ? (this.#options.restart ?? true) : false,
      logger,
      ...(this.#options.clientInfo === undefined ? {} : { clientInfo: this.#options.clientInfo }),
    });
    if (this.#closed) return { server: name, state: 'failed', error: managerClosed(name) };
    this.#connecting.add(client);
    try {
      const info = await client.connect(options);
      if (!this.#connecting.delete(client)) throw managerClosed(name);
      this.#clients.set(name, client);
      return {
        server: name,
        state: 'connected',
        tools: client.tools.length,
        protocolVersion: info.protocolVersion,
      };
    } catch (error) {
      this.#connecting.delete(client);
      await client.close().catch(() => undefined);
      const failure = McpError.is(error)
        ? error
        : new McpError({ kind: 'protocol-error', message: String(error), server: name, cause: error });
      return { server: name, state: 'failed', error: failure };
    }
  }
}

/** A logger that passes each distinct warning (message and fields) on once. */
function warnOnce(logger: McpLogger): McpLogger {
  const seen = new Set<string>();
  return {
    warn(message, fields) {
      const key = JSON.stringify([message, fields]);
      if (seen.has(key)) return;
      seen.add(key);
      logger.warn(message, fields);
    },
  };
}

function managerClosed(server: string): McpError {
  return new McpError({ kind: 'not-connected', message: 'the MCP server manager was closed', server });
}

/**
 * The transport a server entry asks for: stdio when it has `command`, Streamable HTTP when it has `url`.
 * `redact` goes to a stdio transport (applied after the server's own secrets); HTTP logs are redacted by the
 * `logger` the manager passes.
 * @throws McpError `spawn-failed` when the entry has neither `command` nor `url`
 */
export function createTransport(
  name: string,
  config: McpServer,
  logger: McpLogger = consoleLogger,
  redact?: Redact,
): Transport {
  if (config.url !== undefined) {
    return new StreamableHttpTransport({ url: config.url, headers: config.headers, server: name, logger });
  }
  if (config.command === undefined) {
    throw new McpError({
      kind: 'spawn-failed',
      message: `MCP server ${name} has neither "command" nor "url"`,
      server: name,
    });
  }
  return new StdioTransport({
    command: config.command,
    args: config.args,
    env: config.env,
    server: name,
    logger,
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    ...(redact === undefined ? {} : { redact }),
  });
}
