import { BusError } from '@clawft/types';

/** The JetStream API error code of a store failure: what a stream with discard `new` answers when it is full. */
export const STREAM_FULL_CODE = 10077;
/** "Stream name already in use" (with another config). */
export const STREAM_NAME_IN_USE_CODE = 10058;
/** "Stream not found". */
export const STREAM_NOT_FOUND_CODE = 10059;
/** "Subjects overlap with an existing stream". */
export const SUBJECTS_OVERLAP_CODE = 10065;

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

/**
 * True for a JetStream API error carrying `code` (the `err_code` of the server's answer), whichever subclass the
 * client made of it (`StreamNotFoundError` is one). The class is recognised by name: the client is loaded lazily.
 */
export function hasApiCode(error: unknown, code: number): boolean {
  if (!(error instanceof Error) || !isApiErrorClass(error)) return false;
  return (error as Error & { code?: unknown }).code === code;
}

function isApiErrorClass(error: Error): boolean {
  for (let proto: unknown = Object.getPrototypeOf(error); proto !== null && proto !== Error.prototype; ) {
    if ((proto as { constructor?: { name?: unknown } }).constructor?.name === 'JetStreamApiError')
      return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
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
