import { ClawftError } from '@clawft/types';

export type SessionErrorKind =
  | 'incomplete-tool-call'
  | 'invalid-message'
  | 'session-unavailable'
  | 'session-conflict';

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
 * `session-unavailable` (retryable): the shared store (JetStream) could not be reached in time; the append may or
 * may not be stored. `session-conflict` (retryable): another writer appended to the session since this store last
 * read it; load it again before appending.
 */
export class SessionError extends ClawftError<SessionErrorKind> {
  readonly key: string;

  constructor(options: SessionErrorOptions) {
    const retryable = options.kind === 'session-unavailable' || options.kind === 'session-conflict';
    super({ kind: options.kind, message: options.message, retryable, cause: options.cause });
    this.name = 'SessionError';
    this.key = options.key;
  }

  static override is(value: unknown): value is SessionError {
    return ClawftError.is(value) && value.name === 'SessionError';
  }
}
