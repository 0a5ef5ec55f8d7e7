import { type FileVersion, readFrom, sameFile } from './session-file.js';
import type { Session } from './session-history.js';
import { emptySessionLog, type ParsedSessionLog, parseSessionLog } from './session-log.js';
import { sessionView } from './session-view.js';

/** A session file as read: the parsed log, and the version of the file its bytes came from. */
export interface State {
  file: string;
  log: ParsedSessionLog;
  /** Undefined: the file did not exist. A `size` of -1: read again from `completeBytes` before use. */
  version: FileVersion | undefined;
}

/** Reads what was appended since `cached` was read, or the whole file when it shrank or was replaced. */
export async function readState(
  file: string,
  cached: State | undefined,
  current: FileVersion,
  signal: AbortSignal | undefined,
): Promise<State> {
  const grown =
    cached !== undefined && sameFile(cached.version, current) && current.size >= cached.log.completeBytes;
  if (grown) {
    const tail = await readFrom(file, cached.log.completeBytes, signal);
    if (tail === undefined) return emptyState(file);
    if (sameFile(cached.version, tail.version)) {
      parseSessionLog(tail.bytes, cached.log);
      cached.version = tail.version;
      return cached;
    }
  }
  const whole = await readFrom(file, 0, signal);
  if (whole === undefined) return emptyState(file);
  return { file, log: parseSessionLog(whole.bytes), version: whole.version };
}

export function emptyState(file: string): State {
  return { file, log: emptySessionLog(), version: undefined };
}

/** A snapshot: later appends do not change it. */
export function publicView(key: string, state: State): Session {
  return sessionView({ key, file: state.file, createdAt: state.log.meta?.createdAt }, state.log);
}
