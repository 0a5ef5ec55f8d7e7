import { BusError } from '@clawft/types';

/** The JetStream API error code of a store failure: what a stream with discard `new` answers when it is full. */
export const STREAM_FULL_CODE = 10077;

/** Connection-level errors of the NATS client (by class name, never by message text). */
const UNAVAILABLE_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'NoRespondersError',
  'ClosedConnectionError',
  'ConnectionError',
  'RequestError',
  'DrainingConnectionError',
  // A JetStream publish nobody answered: the server is starting (JetStream not ready yet) or not there.
  'JetStreamNotEnabled',
]);

/** True for a JetStream API error carrying `code` (the `err_code` of the server's answer). */
export function hasApiCode(error: unknown, code: number): boolean {
  if (!(error instanceof Error) || error.name !== 'JetStreamApiError') return false;
  return (error as Error & { code?: unknown }).code === code;
}

/** True when the error says the server could not be reached or did not answer in time. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE_NAMES.has(error.name);
}

/** The kinded error a publish or request raises while the server cannot be reached. */
export function unavailableError(what: string, retryAfterMs: number, cause?: unknown): BusError {
  return new BusError({
    kind: 'bus-unavailable',
    channel: 'inbound',
    retryAfterMs,
    message: `${what}: the NATS server cannot be reached (reconnecting). Retry after ${retryAfterMs} ms; check that nats-server runs at bus.nats.servers.`,
    cause,
  });
}
