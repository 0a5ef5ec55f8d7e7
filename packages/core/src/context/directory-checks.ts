import { type FileStat, type FileSystem, isMissingFileError, racyStat, sameStat } from './file-system.js';

/** One look at a directory: its `stat` (undefined when it does not exist), taken after `checkedAtMs`. */
export interface DirectoryCheck {
  stat: FileStat | undefined;
  /** Wall-clock time taken before the `stat`. */
  checkedAtMs: number;
}

/**
 * `stat`s of directories for the file cache, one at a time per directory: the reads of several missing files in one
 * directory (the bootstrap files of an empty workspace) share one call. A directory that cannot be checked for
 * another reason than "missing" gives undefined (the cache then checks each file by its own `stat`).
 */
export class DirectoryChecks {
  readonly #fs: FileSystem;
  readonly #now: () => number;
  readonly #onStat: () => void;
  readonly #inflight = new Map<string, Promise<DirectoryCheck | undefined>>();

  constructor(fs: FileSystem, now: () => number, onStat: () => void) {
    this.#fs = fs;
    this.#now = now;
    this.#onStat = onStat;
  }

  check(directory: string): Promise<DirectoryCheck | undefined> {
    let pending = this.#inflight.get(directory);
    if (pending === undefined) {
      pending = this.#check(directory).finally(() => this.#inflight.delete(directory));
      this.#inflight.set(directory, pending);
    }
    return pending;
  }

  async #check(directory: string): Promise<DirectoryCheck | undefined> {
    const checkedAtMs = this.#now();
    this.#onStat();
    try {
      return { stat: await this.#fs.stat(directory), checkedAtMs };
    } catch (error) {
      return isMissingFileError(error) ? { stat: undefined, checkedAtMs } : undefined;
    }
  }
}

/**
 * Whether a file not known to exist is still missing by its directory's check alone: the directory does not exist,
 * or it is unchanged (same `stat`) since the check remembered when the file was last found missing.
 */
export function stillMissing(
  parent: DirectoryCheck | undefined,
  directory: DirectoryCheck,
  granularityMs: number,
): boolean {
  if (directory.stat === undefined) return true;
  return (
    parent?.stat !== undefined &&
    sameStat(parent.stat, directory.stat) &&
    !racyStat(parent.stat, parent.checkedAtMs, granularityMs)
  );
}
