import { BusError } from '@clawft/types';
import type { Refusal } from './turn-admission.js';

/**
 * The answer for a turn the bus would not carry (bus `nats`): `bus-full` (the stream is at `bus.inboundCapacity`
 * or `bus.maxBytes` and the policy refused or dropped the message) → 429, `bus-unavailable` (NATS cannot be
 * reached) → 503, a closed bus or a cancelled turn whose worker did not answer in time → 503 `shutting-down`; each with `Retry-After`. Undefined for an error that is not a `BusError`.
 *
 * @example
 * const refusal = busRefusal(error);
 * if (refusal !== undefined) return sendRefusal(context, reply, refusal);
 */
export function busRefusal(error: unknown): Refusal | undefined {
  if (!BusError.is(error)) return undefined;
  const retryAfterSeconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1000));
  switch (error.kind) {
    case 'bus-full':
      return { reason: 'bus-full', status: 429, retryAfterSeconds, message: error.message };
    case 'bus-unavailable':
      return { reason: 'bus-unavailable', status: 503, retryAfterSeconds, message: error.message };
    case 'aborted':
      // Cancelled (client gone, or a drain's deadline) and no reply came in time: only a drain can still answer.
      return { reason: 'shutting-down', status: 503, retryAfterSeconds, message: error.message };
    case 'bus-closed':
      return {
        reason: 'shutting-down',
        status: 503,
        retryAfterSeconds: 5,
        message: 'the gateway is shutting down; retry against another instance',
      };
    default: {
      const unknown: never = error.kind;
      throw new TypeError(`Unknown BusError kind \`${String(unknown)}\``);
    }
  }
}
