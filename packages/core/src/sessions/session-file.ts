import { type FileHandle, open, stat } from 'node:fs/promises';
import { isMissingFileError } from '../context/file-system.js';

/** What identifies one version of a session file: a change of any field means another writer touched it. */
export interface FileVersion {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The version fields of a `stat` result (a `Stats` has more; only these are kept). */
export function versionOf(stats: FileVersion): FileVersion {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Whether `b` is the file `a` was read from (same device and inode), whatever was appended since. */
export function sameFile(a: FileVersion | undefined, b: FileVersion): boolean {
  return a !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** The file's version, or undefined when it does not exist. */
export async function statFile(file: string): Promise<FileVersion | undefined> {
  try {
    return versionOf(await stat(file));
  } catch (error) {
    if (isMissingFileError(error)) return undefined;
    throw error;
  }
}

/**
 * The bytes of `file` from `offset` to its end as of one `fstat`, with that version; undefined when the file does
 * not exist (any more).
 */
export async function readFrom(
  file: string,
  offset: number,
  signal: AbortSignal | undefined,
): Promise<{ bytes: Buffer; version: FileVersion } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissingFileError(error)) return undefined;
    throw error;
  }
  try {
    const version = versionOf(await handle.stat());
    const bytes = Buffer.alloc(Math.max(0, version.size - offset));
    for (let read = 0; read < bytes.length; ) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, offset + read);
      if (bytesRead === 0)
        return { bytes: bytes.subarray(0, read), version: { ...version, size: offset + read } };
      read += bytesRead;
    }
    return { bytes, version };
  } finally {
    await handle.close();
  }
}

/** One write of the whole buffer (O_APPEND); a short write, which local file systems do not do for regular files, continues. */
export async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  for (let offset = 0; offset < buffer.length; ) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
    offset += bytesWritten;
  }
}

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
