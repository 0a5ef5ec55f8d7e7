import { constants, lstat, open, readdir, stat, watch } from 'node:fs/promises';

/** The part of a `stat` result the file cache keys on. */
export interface FileStat {
  /** Bytes. */
  size: number;
  /** Last modification, milliseconds since the epoch (may have a fraction). */
  mtimeMs: number;
  /** Inode number: changes when a file is replaced by rename (but may be reused by unlink-and-recreate). */
  ino: number;
  /** Device of the file system holding it: an inode number is unique only within one device. */
  dev: number;
  /**
   * Last status change, milliseconds since the epoch: set by every write, rename, chmod or re-creation, and, unlike
   * `mtimeMs`, never settable back by `utimes`.
   */
  ctimeMs: number;
  /** A regular file (not a directory, FIFO, socket or device): only these are ever opened. */
  isFile: boolean;
  isDirectory: boolean;
}

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export interface ReadFileOptions {
  /** Read at most this many bytes from the start of the file. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** One change reported by a directory watcher. `filename` is relative to the watched directory. */
export interface WatchEvent {
  eventType: string;
  filename: string | null;
}

/**
 * The asynchronous file-system calls the context builder, the skills loader and the file cache make. Injectable so
 * that tests can count reads; the default, `nodeFileSystem`, uses `node:fs/promises` only. Errors keep Node's
 * `code` (`ENOENT`, `ENOTDIR`, `EACCES`, …).
 */
export interface FileSystem {
  stat(path: string): Promise<FileStat>;
  /** The first `maxBytes` bytes of the file (all of it when shorter). */
  readFile(path: string, options: ReadFileOptions): Promise<Buffer>;
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /**
   * Whether the path's directory holds an entry of that name, without following it (`lstat`: a dangling symbolic
   * link counts). Optional: without it, a missing file is re-checked by its own `stat` on every read, never by its
   * directory's.
   */
  hasEntry?(path: string): Promise<boolean>;
  /** Changes in one directory until `signal` aborts. Optional: without it the cache polls with `stat`. */
  watch?(directory: string, options: { signal: AbortSignal }): AsyncIterable<WatchEvent>;
}

const CHUNK_BYTES = 64 * 1024;
// O_NONBLOCK: opening a FIFO for reading otherwise blocks until a writer appears, holding one of libuv's four
// thread-pool threads for good (four such opens stall every fs and DNS call of the process). No effect on files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The error for a path that is not a regular file: `EISDIR` for a directory, `EFTYPE` for a FIFO, socket or device.
 * Such a file is never opened (or, when it was swapped in after the `stat`, never read).
 */
export function notRegularFileError(path: string, isDirectory: boolean): NodeJS.ErrnoException {
  const code = isDirectory ? 'EISDIR' : 'EFTYPE';
  const what = isDirectory ? 'a directory' : 'not a regular file (a FIFO, socket or device)';
  const error: NodeJS.ErrnoException = new Error(
    `${code}: ${path} is ${what}, so it is skipped and never read; replace it with a regular file`,
  );
  error.code = code;
  error.path = path;
  return error;
}

async function readHead(path: string, options: ReadFileOptions): Promise<Buffer> {
  options.signal?.throwIfAborted();
  const handle = await open(path, OPEN_FLAGS);
  try {
    // The path may have been replaced since the caller's stat: check what was actually opened.
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegularFileError(path, opened.isDirectory());
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < options.maxBytes) {
      options.signal?.throwIfAborted();
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, options.maxBytes - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** `FileSystem` over `node:fs/promises`. */
export const nodeFileSystem: FileSystem = {
  async stat(path) {
    const stats = await stat(path);
    return {
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ino: stats.ino,
      dev: stats.dev,
      ctimeMs: stats.ctimeMs,
      isFile: stats.isFile(),
      isDirectory: stats.isDirectory(),
    };
  },
  readFile: readHead,
  async readDirectory(path) {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((entry) => ({
      name: entry.name,
      isDirectory: entry.isDirectory(),
      isSymbolicLink: entry.isSymbolicLink(),
    }));
  },
  async hasEntry(path) {
    try {
      await lstat(path);
      return true;
    } catch (error) {
      if (isMissingFileError(error)) return false;
      throw error;
    }
  },
  watch(directory, options) {
    return watch(directory, { persistent: false, signal: options.signal });
  },
};

/** True for errors that mean "there is no file there". */
export function isMissingFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Whether two `stat`s describe the same version of one file: size, mtime, ctime, inode and device all equal. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}

/**
 * Whether `stat` was taken too close to its mtime for a change in the same clock tick to be ruled out: its mtime is
 * within `granularityMs` of `checkedAtMs` (the wall-clock time read before the `stat`). No stat: not racy.
 */
export function racyStat(stat: FileStat | undefined, checkedAtMs: number, granularityMs: number): boolean {
  return stat !== undefined && stat.mtimeMs >= checkedAtMs - granularityMs;
}
