import { McpError } from '@clawft/types';
import type { McpLogger } from '../logger.js';
import { type Redact, redactDeep } from './redactor.js';

/**
 * `error` with its message, `data` and `stderrTail` passed through `redact`; the same object when nothing
 * changed (so identity checks on a connection's error still hold), else a copy with the same kind and fields
 * whose `cause` is the original's cause.
 */
export function redactError(error: McpError, redact: Redact): McpError {
  const message = redact(error.message);
  const stderrTail = error.stderrTail === undefined ? undefined : redact(error.stderrTail);
  if (message === error.message && stderrTail === error.stderrTail && error.data === undefined) return error;
  const options = {
    kind: error.kind,
    message,
    retryable: error.retryable,
    cause: error.cause,
    ...(error.server === undefined ? {} : { server: error.server }),
    ...(error.method === undefined ? {} : { method: error.method }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.data === undefined ? {} : { data: redactDeep(error.data, redact) }),
    ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
    ...(error.signal === undefined ? {} : { signal: error.signal }),
    ...(stderrTail === undefined ? {} : { stderrTail }),
    ...(error.status === undefined ? {} : { status: error.status }),
  };
  return new McpError(options);
}

/** A logger that passes each message and its fields (deeply) through `redact` before `logger` sees them. */
export function redactingLogger(logger: McpLogger, redact: Redact): McpLogger {
  return {
    warn(message, fields) {
      if (fields === undefined) logger.warn(redact(message));
      else logger.warn(redact(message), redactDeep(fields, redact) as Record<string, unknown>);
    },
  };
}
