import type { McpError } from '@clawft/types';
import type { JsonRpcMessage } from './messages.js';

/** Options for one `Transport.send`. */
export interface TransportSendOptions {
  signal?: AbortSignal;
}

/**
 * Moves JSON-RPC messages between the client and one server. A transport knows framing and I/O only; ids,
 * timeouts, progress and cancellation belong to `McpSession`.
 */
export interface Transport {
  /** Opens the connection (spawns the process, checks the endpoint). @throws McpError `spawn-failed` */
  start(options?: { signal?: AbortSignal }): Promise<void>;
  /** Writes one message. Resolves once the transport has accepted it (backpressure is respected). */
  send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void>;
  /** Shuts down; idempotent; resolves when every resource (process, socket) is released. */
  close(): Promise<void>;
  /** Tells the transport the negotiated protocol version (HTTP sends it as a header). */
  setProtocolVersion?(version: string): void;
  /** Called with every decoded JSON value the server sends. */
  onmessage?: (message: unknown) => void;
  /** Called once when the connection ends; `error` says why when it was not a requested close. */
  onclose?: (error: McpError | undefined) => void;
  /** Called for problems that do not end the connection (e.g. a non-JSON line). */
  onerror?: (error: Error) => void;
}
