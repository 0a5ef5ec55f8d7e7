import { ClawftError } from '@clawft/types';

export type CostFileErrorKind = 'cost-file-corrupt' | 'cost-file-unreadable';

export interface CostFileErrorOptions {
  kind: CostFileErrorKind;
  message: string;
  /** The cost state file. */
  file: string;
  cause?: unknown;
}

/**
 * The cost state file could not be loaded. `cost-file-corrupt`: it is not JSON or does not match the state schema
 * (it is never reset silently: that would forget spend and lift every budget); `cost-file-unreadable`: reading it
 * failed (permissions, a directory in its place, …). `file` names it; the message says what to do.
 */
export class CostFileError extends ClawftError<CostFileErrorKind> {
  readonly file: string;

  constructor(options: CostFileErrorOptions) {
    super({ kind: options.kind, message: options.message, retryable: false, cause: options.cause });
    this.name = 'CostFileError';
    this.file = options.file;
  }

  static override is(value: unknown): value is CostFileError {
    return ClawftError.is(value) && value.name === 'CostFileError';
  }
}
