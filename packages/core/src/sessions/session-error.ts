import { ClawftError } from '@clawft/types';

export type SessionErrorKind = 'incomplete-tool-call' | 'invalid-message';

export interface SessionErrorOptions {
  kind: SessionErrorKind;
  message: string;
  /** The session key. */
  key: string;
  cause?: unknown;
}

/**
 * An append was refused. `incomplete-tool-call`: an assistant tool call without a result for each call (or a
 * result without its call) — they must be appended together. `invalid-message`: a message failed the schema.
 */
export class SessionError extends ClawftError<SessionErrorKind> {
  readonly key: string;

  constructor(options: SessionErrorOptions) {
    super({ kind: options.kind, message: options.message, retryable: false, cause: options.cause });
    this.name = 'SessionError';
    this.key = options.key;
  }

  static override is(value: unknown): value is SessionError {
    return ClawftError.is(value) && value.name === 'SessionError';
  }
}
