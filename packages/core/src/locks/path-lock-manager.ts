import type { ToolAccess } from '@clawft/types';
import { canonicalPath } from './canonical-path.js';
import { KeyLock, type LockMode } from './key-lock.js';

/** Locks held by one call; `release` is idempotent. */
export interface LockLease {
  /** The keys held, in the order taken: the workspace key first, then canonical paths sorted. */
  readonly keys: readonly string[];
  /** Time from `acquire` to holding every lock, milliseconds (monotonic). */
  readonly waitMs: number;
  release(): void;
}

export interface AcquireOptions {
  /** Absolute path of the workspace; relative paths resolve against it, and it is the exclusive lock's scope. */
  workspace: string;
  /** Stops waiting: the locks taken so far are released and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface Queued {
  keys: string[];
  granted: Promise<void>;
  release: () => void;
}

const noop = (): void => {};

/** Resolves when every wait has; on abort runs `cancel` and rejects with the signal's reason. */
function waitAll(
  waits: Array<Promise<void>>,
  signal: AbortSignal | undefined,
  cancel: () => void,
): Promise<void> {
  if (waits.length === 0) return Promise.resolve();
  const all = Promise.all(waits).then(noop);
  if (signal === undefined) return all;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      cancel();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    all.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Keys of workspaces start with NUL, which no path holds, so they sort before every path key. */
const WORKSPACE_PREFIX = '\u0000workspace:';

/**
 * Reader/writer locks keyed by canonical path (see `canonicalPath`), so every tool that touches a file, built-in
 * or MCP, shares one key space. Each call also holds its workspace's key: shared for path locks, exclusive for
 * `workspaceExclusive` (exec, or a tool that declares nothing), which thus conflicts with every path of the
 * workspace. Keys are taken in sorted order, so two calls never deadlock; a key's entry is dropped when unused.
 *
 * @example
 * const locks = new PathLockManager();
 * const lease = await locks.acquire({ writes: ['notes.md'] }, { workspace: '/work/space', signal });
 * try { await edit(); } finally { lease.release(); }
 */
export class PathLockManager {
  private readonly locks = new Map<string, KeyLock>();
  /** Settles when the latest request has queued on its keys. */
  private turns: Promise<void> = Promise.resolve();

  /** Keys with a holder or a waiter (entries are dropped when unused). */
  get size(): number {
    return this.locks.size;
  }

  /**
   * Waits until every lock `access` asks for is held. Requests queue in the order `acquire` was called, on every
   * key at once, so two conflicting calls of one batch run in call order and no two requests can wait for each other.
   * @throws the signal's reason when aborted while waiting (nothing stays held).
   */
  async acquire(access: ToolAccess, options: AcquireOptions): Promise<LockLease> {
    const startedMs = performance.now();
    options.signal?.throwIfAborted();
    const planned = this.plan(access, options.workspace);
    // Awaited in turn below; marked handled now so a failure while earlier requests queue is not "unhandled".
    planned.catch(noop);
    const turn = this.turns.then(async () => this.enqueue(await planned, options.signal));
    this.turns = turn.then(noop, noop);
    const queued = await turn;
    await queued.granted;
    return { keys: queued.keys, waitMs: performance.now() - startedMs, release: queued.release };
  }

  /** Queues on every key synchronously (sorted order), so a later request is behind this one on each key. */
  private enqueue(plan: ReadonlyArray<[string, LockMode]>, signal: AbortSignal | undefined): Queued {
    signal?.throwIfAborted();
    const held: Array<[string, LockMode]> = [];
    const leaves: Array<() => void> = [];
    const releaseAll = (): void => {
      for (const leave of leaves.splice(0)) leave();
      for (const [key, mode] of held.splice(0)) this.release(key, mode);
    };
    const waits: Array<Promise<void>> = [];
    for (const [key, mode] of plan) {
      const lock = this.locks.get(key) ?? new KeyLock();
      this.locks.set(key, lock);
      if (lock.tryTake(mode)) {
        held.push([key, mode]);
        continue;
      }
      waits.push(
        new Promise<void>((resolve) =>
          leaves.push(lock.wait(mode, () => resolve(void held.push([key, mode])))),
        ),
      );
    }
    const granted = waitAll(waits, signal, () => {
      releaseAll();
      for (const [key] of plan) this.dropIfIdle(key);
    }).then(() => void leaves.splice(0));
    return { keys: plan.map(([key]) => key), granted, release: releaseAll };
  }

  private async plan(access: ToolAccess, workspace: string): Promise<Array<[string, LockMode]>> {
    const root = await canonicalPath(workspace);
    const workspaceKey: [string, LockMode] = [
      WORKSPACE_PREFIX + root,
      access.workspaceExclusive === true ? 'write' : 'read',
    ];
    if (access.workspaceExclusive === true) return [workspaceKey];
    const modes = new Map<string, LockMode>();
    const [reads, writes] = await Promise.all([
      Promise.all((access.reads ?? []).map((path) => canonicalPath(path, root))),
      Promise.all((access.writes ?? []).map((path) => canonicalPath(path, root))),
    ]);
    for (const key of reads) modes.set(key, 'read');
    for (const key of writes) modes.set(key, 'write');
    const sorted = [...modes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [workspaceKey, ...sorted];
  }

  private release(key: string, mode: LockMode): void {
    const lock = this.locks.get(key);
    if (lock === undefined) return;
    lock.release(mode);
    this.dropIfIdle(key);
  }

  private dropIfIdle(key: string): void {
    if (this.locks.get(key)?.idle === true) this.locks.delete(key);
  }
}
