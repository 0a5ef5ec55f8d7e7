import type { Redact } from '../errors/redactor.js';
import type { McpLogger } from '../logger.js';

/** Options for `McpSession`. */
export interface McpSessionOptions {
  /** Server name for errors and logs. */
  server?: string;
  /** Default per-request timeout in ms (config `tools.mcpServers.<name>.timeoutMs`). @default 60000 */
  timeoutMs?: number;
  /**
   * Warnings pass through it: the 1st, 10th, 100th, … of each kind is logged (a flood of stray responses or
   * garbage lines costs a few lines).
   * @default consoleLogger
   */
  logger?: McpLogger;
  /**
   * Applied to the server's own text before it reaches an error or a log line (JSON-RPC error messages and
   * data, transport warnings, dropped ids). The manager passes one built from the server's secrets.
   * @default no redaction
   */
  redact?: Redact;
}

/** Counters of what the session received and dropped. */
export interface SessionStats {
  pending: number;
  /** Responses to requests that had already ended (timed out or aborted). */
  lateResponses: number;
  /** Responses with an id this session never sent. */
  unknownResponses: number;
}
