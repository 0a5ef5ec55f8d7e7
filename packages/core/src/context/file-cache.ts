import { dirname } from 'node:path';
import { abortable } from './abortable.js';
import { type DirectoryCheck, DirectoryChecks, stillMissing } from './directory-checks.js';
import { DirectoryWatchers } from './directory-watchers.js';
import { absent, type FileSnapshot, holds, snapshotOf } from './file-snapshot.js';
import {
  type FileStat,
  type FileSystem,
  isMissingFileError,
  nodeFileSystem,
  notRegularFileError,
  racyStat,
  sameStat,
} from './file-system.js';

export type { FileSnapshot } from './file-snapshot.js';

export interface FileCacheOptions {
  /** File-system layer. @default nodeFileSystem */
  fs?: FileSystem;
  /** Hard cap on the bytes read from any one file; a longer file is read up to here (`complete: false`). @default 1048576 */
  maxFileBytes?: number;
  /**
   * Timestamp granularity to distrust, in milliseconds: an entry whose mtime is within this of the moment it was
   * checked may have been rewritten since with the same size and mtime, so its content hash is confirmed on the next
   * read. Covers coarse kernel clocks (a few ms) and 1–2 s file systems. @default 2000
   */
  mtimeGranularityMs?: number;
  /** Watch the directories of cached files with `fs.watch` and skip the `stat` while nothing changed. @default false */
  watch?: boolean;
  /** Wall clock in milliseconds, comparable with file mtimes. @default Date.now */
  now?: () => number;
}

export interface FileReadOptions {
  /** Bytes needed from the start of the file; a snapshot holding at least this many (or all) is reused. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Counters, for tests and `status` output. */
export interface FileCacheStats {
  stats: number;
  reads: number;
  hashChecks: number;
  hits: number;
}

interface Entry {
  snapshot: FileSnapshot;
  stat: FileStat | undefined;
  /** Wall-clock time taken before the stat that last validated this entry. */
  checkedAtMs: number;
  watchGeneration: number | undefined;
  /**
   * For a missing file: its directory as checked before the `stat` that found no file and no entry of that name
   * (kept only when that directory's mtime was not racy). While the directory's `stat` stays the same, no entry was
   * created in it, so the file is still missing without a `stat` of its own.
   */
  parent?: DirectoryCheck;
}

/**
 * Caches files by path with `(dev, ino, size, mtimeMs, ctimeMs)` validation: a file is read once, then reused while its `stat`
 * matches; a change, deletion, re-creation (even with the same size, a restored mtime and a reused inode: the ctime moves) or
 * replacement by rename is seen by the next read. What is not a regular file (FIFO, socket, device, directory) is
 * never opened: `read` throws `EFTYPE` (`EISDIR` for a directory) at once. A too-recent mtime is
 * confirmed by content hash; missing files are remembered as absent (and re-checked by `stat`); concurrent reads of
 * one path share one `stat` and one read.
 *
 * @example
 * const cache = new FileCache();
 * const soul = await cache.read('/ws/SOUL.md');
 * if (soul.exists) console.log(soul.text);
 */
export class FileCache {
  readonly #fs: FileSystem;
  readonly #maxFileBytes: number;
  readonly #granularityMs: number;
  readonly #now: () => number;
  readonly #watchers: DirectoryWatchers | undefined;
  readonly #directories: DirectoryChecks | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<FileSnapshot>>();
  readonly #stats: FileCacheStats = { stats: 0, reads: 0, hashChecks: 0, hits: 0 };

  constructor(options: FileCacheOptions = {}) {
    this.#fs = options.fs ?? nodeFileSystem;
    this.#maxFileBytes = positive('maxFileBytes', options.maxFileBytes ?? 1_048_576);
    this.#granularityMs = options.mtimeGranularityMs ?? 2000;
    this.#now = options.now ?? Date.now;
    this.#watchers = options.watch === true ? new DirectoryWatchers(this.#fs) : undefined;
    this.#directories =
      this.#fs.hasEntry === undefined
        ? undefined
        : new DirectoryChecks(this.#fs, this.#now, () => {
            this.#stats.stats += 1;
          });
  }

  get fs(): FileSystem {
    return this.#fs;
  }

  /**
   * The current snapshot of `path`. Throws the file system's error (with its `code`) when the file exists but
   * cannot be read — `EFTYPE`/`EISDIR` when it is not a regular file, which is never opened; a missing file is a
   * snapshot with `exists: false`.
   */
  async read(path: string, options: FileReadOptions = {}): Promise<FileSnapshot> {
    const wantBytes = Math.min(options.maxBytes ?? this.#maxFileBytes, this.#maxFileBytes);
    options.signal?.throwIfAborted();
    for (let pending = this.#inflight.get(path); pending; pending = this.#inflight.get(path)) {
      const shared = await abortable(pending, options.signal);
      if (holds(shared, wantBytes)) return shared;
    }
    const entry = this.#entries.get(path);
    if (entry !== undefined && this.#watchedUnchanged(path, entry) && holds(entry.snapshot, wantBytes)) {
      this.#stats.hits += 1;
      return entry.snapshot;
    }
    // The shared task runs to completion without any one caller's signal: other callers may be waiting on it.
    const task = this.#refresh(path, wantBytes).finally(() => this.#inflight.delete(path));
    this.#inflight.set(path, task);
    return abortable(task, options.signal);
  }

  /** Counters since creation. */
  stats(): FileCacheStats {
    return { ...this.#stats };
  }

  /** Forgets every entry (the next read of each path goes to disk). */
  clear(): void {
    this.#entries.clear();
  }

  /** Stops the directory watchers, if any. Idempotent; the cache keeps working by polling. */
  close(): void {
    this.#watchers?.close();
  }

  async #refresh(path: string, wantBytes: number): Promise<FileSnapshot> {
    const checkedAtMs = this.#now();
    const watchGeneration = this.#watchers?.generation(dirname(path), checkedAtMs);
    const entry = this.#entries.get(path);
    // A file not known to exist is first checked through its directory (one `stat` shared by its siblings).
    const directory = entry?.stat === undefined ? await this.#directories?.check(dirname(path)) : undefined;
    const missing = entry?.stat === undefined && entry !== undefined ? entry.snapshot : absent(path);
    const remember = (parent: DirectoryCheck | undefined): FileSnapshot => {
      const next: Entry = { snapshot: missing, stat: undefined, checkedAtMs, watchGeneration };
      this.#entries.set(path, parent === undefined ? next : { ...next, parent });
      return missing;
    };
    if (directory !== undefined && stillMissing(entry?.parent, directory, this.#granularityMs)) {
      this.#stats.hits += 1;
      return remember(directory.stat === undefined ? undefined : entry?.parent);
    }
    let stat: FileStat;
    try {
      this.#stats.stats += 1;
      stat = await this.#fs.stat(path);
    } catch (error) {
      if (!isMissingFileError(error)) throw error;
      return remember(await this.#parentOfMissing(path, directory));
    }
    if (!stat.isFile) {
      this.#entries.delete(path);
      throw notRegularFileError(path, stat.isDirectory);
    }
    if (entry?.stat !== undefined && sameStat(entry.stat, stat) && holds(entry.snapshot, wantBytes)) {
      if (!this.#racy(entry)) {
        this.#stats.hits += 1;
        entry.watchGeneration = watchGeneration;
        return entry.snapshot;
      }
      this.#stats.hashChecks += 1;
      wantBytes = entry.snapshot.bytesRead;
    }
    this.#stats.reads += 1;
    const bytes = await this.#fs.readFile(path, { maxBytes: Math.min(wantBytes, stat.size) });
    const snapshot = snapshotOf(path, bytes, stat.size, entry?.snapshot);
    this.#entries.set(path, { snapshot, stat, checkedAtMs, watchGeneration });
    return snapshot;
  }

  /**
   * The directory check to remember for a file just found missing: only when the directory was not racy and holds
   * no entry of the name (a dangling symbolic link would change without its directory).
   */
  async #parentOfMissing(
    path: string,
    directory: DirectoryCheck | undefined,
  ): Promise<DirectoryCheck | undefined> {
    if (directory?.stat === undefined || racyStat(directory.stat, directory.checkedAtMs, this.#granularityMs))
      return undefined;
    return (await this.#fs.hasEntry?.(path)) === false ? directory : undefined;
  }

  /** The mtime is too close to the check for a same-size rewrite in the same clock tick to be ruled out. */
  #racy(entry: Entry): boolean {
    return racyStat(entry.stat, entry.checkedAtMs, this.#granularityMs);
  }

  #watchedUnchanged(path: string, entry: Entry): boolean {
    if (this.#watchers === undefined || entry.watchGeneration === undefined || this.#racy(entry))
      return false;
    return this.#watchers.generation(dirname(path), this.#now()) === entry.watchGeneration;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number, got ${value}`);
  return value;
}
