import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

/**
 * `bus-full`: the bound was reached (the gateway answers 429). `bus-unavailable`: a networked transport cannot
 * reach its server (the gateway answers 503 with `retryAfterMs`). `bus-closed`, `aborted`.
 */
export type BusErrorKind = 'bus-full' | 'bus-unavailable' | 'bus-closed' | 'aborted';

export interface BusErrorOptions {
  kind: BusErrorKind;
  message: string;
  /** The channel's name (`inbound`, `outbound`, or a user-chosen one). */
  channel?: string;
  capacity?: number;
  /** For `bus-unavailable` (and a `bus-full` that may clear): when to try again, in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A message could not be accepted by a bounded channel. */
export class BusError extends ClawftError<BusErrorKind> {
  readonly channel: string | undefined;
  readonly capacity: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(options: BusErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.kind === 'bus-full' || options.kind === 'bus-unavailable',
      cause: options.cause,
    });
    this.name = 'BusError';
    this.channel = options.channel;
    this.capacity = options.capacity;
    this.retryAfterMs = options.retryAfterMs;
  }

  static override is(value: unknown): value is BusError {
    return isClawftErrorNamed<BusError>(value, 'BusError');
  }
}
