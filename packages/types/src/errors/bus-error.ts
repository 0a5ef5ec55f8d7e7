import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

export type BusErrorKind = 'bus-full' | 'bus-closed' | 'aborted';

export interface BusErrorOptions {
  kind: BusErrorKind;
  message: string;
  /** The channel's name (`inbound`, `outbound`, or a user-chosen one). */
  channel?: string;
  capacity?: number;
  cause?: unknown;
}

/** A message could not be accepted by a bounded channel. */
export class BusError extends ClawftError<BusErrorKind> {
  readonly channel: string | undefined;
  readonly capacity: number | undefined;

  constructor(options: BusErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.kind === 'bus-full',
      cause: options.cause,
    });
    this.name = 'BusError';
    this.channel = options.channel;
    this.capacity = options.capacity;
  }

  static override is(value: unknown): value is BusError {
    return isClawftErrorNamed<BusError>(value, 'BusError');
  }
}
