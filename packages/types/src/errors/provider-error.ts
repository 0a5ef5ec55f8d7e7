import { ClawftError, isClawftErrorNamed } from './clawft-error.js';
import type { ErrorInfo, ProviderPhase } from './error-info.js';

/** Every way a provider call can fail. Switch on it; never match message text. */
export type ProviderErrorKind =
  | 'rate-limited'
  | 'overloaded'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'stream-truncated'
  | 'malformed-response'
  | 'context-length-exceeded'
  | 'content-filtered'
  | 'auth-failed'
  | 'quota-exceeded'
  | 'model-not-found'
  | 'invalid-request'
  | 'not-configured'
  | 'circuit-open'
  | 'aborted'
  | 'all-providers-failed';

/** Which of the four provider timers (or the connect timeout) fired. */
export type TimeoutKind = 'connect' | 'headers' | 'first-token' | 'idle' | 'total';

/** Kinds that may succeed when the same request is sent again. Status codes narrow this further. */
export const RETRYABLE_PROVIDER_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  'rate-limited',
  'overloaded',
  'server-error',
  'network',
  'timeout',
  'stream-truncated',
  'malformed-response',
]);

/** One failed attempt, as listed by an `all-providers-failed` error. */
export interface ProviderAttempt {
  provider: string;
  model: string;
  kind: ProviderErrorKind;
  phase: ProviderPhase;
  status?: number;
  message: string;
}

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  message: string;
  provider: string;
  model: string;
  phase: ProviderPhase;
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  timeout?: TimeoutKind;
  attempts?: readonly ProviderAttempt[];
  /** The text the stream had produced before it failed (for `stream-truncated` under `fail` mode). */
  partialText?: string;
  /**
   * Set by the retry layer when it gave up because the wait before the next attempt is longer than allowed: the
   * server's Retry-After (or rate-limit reset) beyond `maxRetryAfterMs`, or the backoff beyond the remaining
   * deadline. Failover moves on at once.
   */
  retryWaitTooLong?: boolean;
  /** Overrides the kind's default retryability (see `RETRYABLE_PROVIDER_KINDS`). */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * A provider call failed. `kind` says how, `phase` how far it got, `status`/`retryAfterMs`/`requestId` come from
 * the response when there was one.
 *
 * @example
 * if (ProviderError.is(error) && error.kind === 'rate-limited') console.log(error.retryAfterMs);
 */
export class ProviderError extends ClawftError<ProviderErrorKind> {
  readonly provider: string;
  readonly model: string;
  readonly phase: ProviderPhase;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly timeout: TimeoutKind | undefined;
  readonly attempts: readonly ProviderAttempt[];
  readonly partialText: string | undefined;
  /** The retry layer gave up because the next wait was longer than allowed (see `ProviderErrorOptions`). */
  readonly retryWaitTooLong: boolean;

  constructor(options: ProviderErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.retryable ?? RETRYABLE_PROVIDER_KINDS.has(options.kind),
      cause: options.cause,
    });
    this.name = 'ProviderError';
    this.provider = options.provider;
    this.model = options.model;
    this.phase = options.phase;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.timeout = options.timeout;
    this.attempts = options.attempts ?? [];
    this.partialText = options.partialText;
    this.retryWaitTooLong = options.retryWaitTooLong ?? false;
  }

  static override is(value: unknown): value is ProviderError {
    return isClawftErrorNamed<ProviderError>(value, 'ProviderError');
  }

  override toInfo(): ErrorInfo {
    const info: ErrorInfo = {
      ...super.toInfo(),
      phase: this.phase,
      provider: this.provider,
      model: this.model,
    };
    if (this.status !== undefined) info.status = this.status;
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    return info;
  }

  /** This error as one entry of an `all-providers-failed` list. */
  toAttempt(): ProviderAttempt {
    const attempt: ProviderAttempt = {
      provider: this.provider,
      model: this.model,
      kind: this.kind,
      phase: this.phase,
      message: this.message,
    };
    if (this.status !== undefined) attempt.status = this.status;
    return attempt;
  }
}
