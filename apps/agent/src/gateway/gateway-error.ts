import { ClawftError } from '@clawft/types';

/** Why the gateway would not start. */
export type GatewayErrorKind = 'insecure-bind' | 'listen-failed';

/**
 * The gateway refused to start: `insecure-bind` when `gateway.host` is not a loopback address and
 * `gateway.tokens` is empty; `listen-failed` when the port could not be bound.
 *
 * @example
 * if (GatewayError.is(error) && error.kind === 'insecure-bind') console.error(error.message);
 */
export class GatewayError extends ClawftError<GatewayErrorKind> {
  constructor(options: { kind: GatewayErrorKind; message: string; cause?: unknown }) {
    super({ ...options, retryable: false });
    this.name = 'GatewayError';
  }

  static override is(value: unknown): value is GatewayError {
    return ClawftError.is(value) && value.name === 'GatewayError';
  }
}
