import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

export type McpErrorKind =
  | 'spawn-failed'
  | 'process-exited'
  | 'connection-closed'
  | 'request-timeout'
  | 'aborted'
  | 'rpc-error'
  | 'protocol-error'
  | 'message-too-large'
  | 'http-error'
  | 'not-connected'
  | 'unsupported-protocol-version';

export interface McpErrorOptions {
  kind: McpErrorKind;
  message: string;
  /** The configured server name. */
  server?: string;
  method?: string;
  /** JSON-RPC error code, for `rpc-error`. */
  code?: number;
  data?: unknown;
  exitCode?: number | null;
  signal?: string | null;
  /** The last lines the server wrote to stderr. */
  stderrTail?: string;
  status?: number;
  retryable?: boolean;
  cause?: unknown;
}

/** An MCP request or transport failed. */
export class McpError extends ClawftError<McpErrorKind> {
  readonly server: string | undefined;
  readonly method: string | undefined;
  readonly code: number | undefined;
  readonly data: unknown;
  readonly exitCode: number | null | undefined;
  readonly signal: string | null | undefined;
  readonly stderrTail: string | undefined;
  readonly status: number | undefined;

  constructor(options: McpErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.retryable ?? false,
      cause: options.cause,
    });
    this.name = 'McpError';
    this.server = options.server;
    this.method = options.method;
    this.code = options.code;
    this.data = options.data;
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stderrTail = options.stderrTail;
    this.status = options.status;
  }

  static override is(value: unknown): value is McpError {
    return isClawftErrorNamed<McpError>(value, 'McpError');
  }
}
