import { createHash } from 'node:crypto';

/**
 * What the cache knows about one file. A snapshot object is replaced only when the content changes, so consumers
 * may memoise anything parsed from it by object identity (a `touch` keeps the same snapshot).
 */
export interface FileSnapshot {
  readonly path: string;
  readonly exists: boolean;
  /** The bytes read, decoded as UTF-8 ('' when absent). */
  readonly text: string;
  /** Size on disk in bytes (0 when absent). */
  readonly size: number;
  /** Bytes read from the start of the file. */
  readonly bytesRead: number;
  /** The whole file was read (`bytesRead === size`). */
  readonly complete: boolean;
  /** sha256 of the bytes read (hex; '' when absent). */
  readonly hash: string;
}

/** A snapshot of `bytes` read from a file of `size` bytes; `previous` itself when the content is unchanged. */
export function snapshotOf(path: string, bytes: Buffer, size: number, previous?: FileSnapshot): FileSnapshot {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const complete = bytes.length >= size;
  if (previous?.exists === true && previous.hash === hash && previous.complete === complete) {
    if (previous.size === size && previous.bytesRead === bytes.length) return previous;
  }
  return { path, exists: true, text: bytes.toString('utf8'), size, bytesRead: bytes.length, complete, hash };
}

/** The snapshot of a missing file. */
export function absent(path: string): FileSnapshot {
  return { path, exists: false, text: '', size: 0, bytesRead: 0, complete: true, hash: '' };
}

/** Whether `snapshot` holds at least `wantBytes` from the start of the file (or all of it). */
export function holds(snapshot: FileSnapshot, wantBytes: number): boolean {
  return !snapshot.exists || snapshot.complete || snapshot.bytesRead >= wantBytes;
}
