import type { FileSystem } from './file-system.js';

interface WatchedDirectory {
  /** Taken from one counter shared by all directories, so a restarted watcher never reuses a number. */
  generation: number;
  active: boolean;
  failedAtMs: number | undefined;
  controller: AbortController;
}

/** A directory whose watcher could not start is tried again after this long; it is polled meanwhile. */
const RETRY_FAILED_MS = 1000;

/**
 * One `fs.watch` per directory, started on demand. While a directory's watcher is active and has reported nothing
 * since an entry was checked, that entry needs no `stat`. Any `change` event bumps the directory's generation; a
 * `rename` event (a file created, deleted or renamed — or the directory itself deleted or moved, after which its
 * watcher would go quiet for good) stops the watcher, and the next check starts a fresh one on the path. A watcher
 * that fails to start (no such directory, no platform support, too many watchers) leaves its directory to polling.
 */
export class DirectoryWatchers {
  readonly #fs: FileSystem;
  readonly #directories = new Map<string, WatchedDirectory>();
  #nextGeneration = 1;
  #closed = false;

  constructor(fs: FileSystem) {
    this.#fs = fs;
  }

  /**
   * The directory's current generation, or `undefined` when it is not watched. Take it before the `stat` that
   * validates an entry: any event after that moment changes it.
   */
  generation(directory: string, nowMs: number): number | undefined {
    let watched = this.#directories.get(directory);
    const retry = watched?.failedAtMs !== undefined && nowMs - watched.failedAtMs >= RETRY_FAILED_MS;
    if (watched === undefined || retry) {
      watched = this.#start(directory, nowMs);
      this.#directories.set(directory, watched);
    }
    return watched.active ? watched.generation : undefined;
  }

  /** Stops every watcher. Idempotent. */
  close(): void {
    this.#closed = true;
    for (const watched of this.#directories.values()) this.#stop(watched);
    this.#directories.clear();
  }

  #start(directory: string, nowMs: number): WatchedDirectory {
    const watched: WatchedDirectory = {
      generation: this.#nextGeneration++,
      active: false,
      failedAtMs: undefined,
      controller: new AbortController(),
    };
    if (this.#fs.watch === undefined || this.#closed) return watched;
    const events = this.#fs.watch(directory, { signal: watched.controller.signal })[Symbol.asyncIterator]();
    // The first next() starts the underlying watcher synchronously; a failure to start arrives as a rejection.
    watched.active = true;
    const pump = async (): Promise<void> => {
      for (let result = await events.next(); result.done !== true; result = await events.next()) {
        if (result.value.eventType !== 'change' || result.value.filename === null) break;
        watched.generation = this.#nextGeneration++;
      }
      await events.return?.();
    };
    pump().then(
      () => this.#forget(directory, watched),
      () => {
        watched.failedAtMs = nowMs;
        this.#stop(watched);
      },
    );
    return watched;
  }

  #forget(directory: string, watched: WatchedDirectory): void {
    this.#stop(watched);
    if (this.#directories.get(directory) === watched) this.#directories.delete(directory);
  }

  #stop(watched: WatchedDirectory): void {
    watched.active = false;
    watched.generation = this.#nextGeneration++;
    watched.controller.abort();
  }
}
