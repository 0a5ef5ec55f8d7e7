import type { ErrorInfo } from './error-info.js';

const CLAWFT_ERROR = Symbol.for('clawft.error');

/** Options every clawft error accepts. */
export interface ClawftErrorOptions<K extends string> {
  kind: K;
  message: string;
  /** Whether trying the same operation again may succeed. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Base of every error clawft throws. Callers decide by `kind` (a string literal), never by message text.
 *
 * `ClawftError.is(x)` (and `ProviderError.is(x)`, …) work across duplicate installs of the package because they
 * check a `Symbol.for` brand rather than the class identity.
 */
export class ClawftError<K extends string = string> extends Error {
  /** Brand checked by `ClawftError.is`; a registered symbol so that two copies of this package agree. */
  readonly [CLAWFT_ERROR] = true;
  readonly kind: K;
  readonly retryable: boolean;

  constructor(options: ClawftErrorOptions<K>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClawftError';
    this.kind = options.kind;
    this.retryable = options.retryable ?? false;
  }

  /** True for any clawft error, from this copy of the package or another. */
  static is(value: unknown): value is ClawftError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [CLAWFT_ERROR]?: unknown })[CLAWFT_ERROR] === true
    );
  }

  /** Plain, serialisable data about this error: safe to log, to put in a stream part or to send over a wire. */
  toInfo(): ErrorInfo {
    return { name: this.name, kind: this.kind, message: this.message, retryable: this.retryable };
  }
}

/** Builds an `is` check for a subclass, matched by brand and `name` so it holds across duplicate installs. */
export function isClawftErrorNamed<T extends ClawftError>(value: unknown, name: string): value is T {
  return ClawftError.is(value) && value.name === name;
}
