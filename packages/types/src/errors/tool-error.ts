import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

export type ToolErrorKind =
  | 'tool-not-found'
  | 'invalid-arguments'
  | 'timeout'
  | 'aborted'
  | 'path-denied'
  /** `exec` refused a command matching a deny pattern. */
  | 'command-denied'
  /** `web_fetch` refused a private, loopback or link-local address, or a scheme other than http(s). */
  | 'address-denied'
  | 'execution-failed';

export interface ToolErrorOptions {
  kind: ToolErrorKind;
  message: string;
  tool: string;
  /** The argument or path at fault, when there is one. */
  path?: string;
  retryable?: boolean;
  cause?: unknown;
}

/** A tool call failed. The agent loop turns it into an error result for the model, never a crash. */
export class ToolError extends ClawftError<ToolErrorKind> {
  readonly tool: string;
  readonly path: string | undefined;

  constructor(options: ToolErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.retryable ?? options.kind === 'timeout',
      cause: options.cause,
    });
    this.name = 'ToolError';
    this.tool = options.tool;
    this.path = options.path;
  }

  static override is(value: unknown): value is ToolError {
    return isClawftErrorNamed<ToolError>(value, 'ToolError');
  }
}
