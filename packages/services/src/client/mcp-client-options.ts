import type { Redact } from '../errors/redactor.js';
import type { Transport } from '../jsonrpc/transport.js';
import type { McpLogger } from '../logger.js';
import type { RestartOptions } from './restart-options.js';

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
  /**
   * Applied to the server's text in errors and log lines (JSON-RPC error messages and data, skipped lines).
   * `McpServerManager` passes one built from the server's own secrets and its `redact` option.
   * @default none
   */
  redact?: Redact;
}
