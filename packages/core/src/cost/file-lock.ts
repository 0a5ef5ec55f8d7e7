import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './cost-file-sweep.js';

export interface FileLockOptions {
  /** A lock older than this is stale even when its pid is alive (a reused pid, a hung holder), ms. @default 10000 */
  staleMs?: number;
  signal?: AbortSignal;
}

interface LockContent {
  host: string;
  pid: number;
  token: string;
  atMs: number;
}

/** A lock file as found: its inode (its identity) and age, and its content unless it is still being written. */
interface SeenLock {
  ino: number;
  mtimeMs: number;
  content: LockContent | undefined;
}

/** A lock file left empty for this long was created by a process that died before writing it, ms. */
const EMPTY_STALE_MS = 2000;

const HOST = hostname();

/**
 * Runs `critical` holding the lock file `path`, exclusive across the processes of this machine: created with
 * `O_EXCL` (holding `{host, pid, token, atMs}`), removed after. A lock whose process is dead, or older than
 * `staleMs`, is broken — under a second lock (`<path>.break`), after checking it is still the same stale lock, so
 * two processes cannot both break it and both take it.
 */
export async function withFileLock<T>(
  path: string,
  critical: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const token = await acquire(path, options);
  try {
    return await critical();
  } finally {
    await releaseIfOurs(path, token);
  }
}

async function acquire(path: string, options: FileLockOptions): Promise<string> {
  const staleMs = options.staleMs ?? 10_000;
  const token = randomUUID();
  for (let round = 0; ; round += 1) {
    options.signal?.throwIfAborted();
    if (await tryCreate(path, token)) return token;
    const held = await readLock(path);
    if (held !== undefined && isStale(held, staleMs)) await breakStale(path, held, staleMs);
    else await sleep(Math.min(20, 1 + round), undefined, options.signal ? { signal: options.signal } : {});
  }
}

async function tryCreate(path: string, token: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const content: LockContent = { host: HOST, pid: process.pid, token, atMs: Date.now() };
    await handle.writeFile(JSON.stringify(content));
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock file, or undefined when there is none. */
async function readLock(path: string): Promise<SeenLock | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { ino, mtimeMs } = await handle.stat();
    const text = await handle.readFile('utf8');
    return { ino, mtimeMs, content: parseContent(text) };
  } finally {
    await handle.close();
  }
}

function parseContent(text: string): LockContent | undefined {
  try {
    return JSON.parse(text) as LockContent;
  } catch {
    // Empty or half-written: its creator is between open and write (or died there).
    return undefined;
  }
}

function isStale(lock: SeenLock, staleMs: number): boolean {
  const { content } = lock;
  if (content === undefined) return Date.now() - lock.mtimeMs > EMPTY_STALE_MS;
  if (Date.now() - content.atMs > staleMs) return true;
  return content.host === HOST && !isAlive(content.pid);
}

/** Removes `path` if it still holds the stale `seen` lock, holding `<path>.break` meanwhile. */
async function breakStale(path: string, seen: SeenLock, staleMs: number): Promise<void> {
  const breaker = `${path}.break`;
  const token = randomUUID();
  if (!(await tryCreate(breaker, token))) {
    const other = await readLock(breaker);
    // A breaker that died mid-break: its lock is removed by the next one to find it stale.
    if (other !== undefined && isStale(other, staleMs)) await rm(breaker, { force: true });
    return;
  }
  try {
    const current = await readLock(path);
    if (current?.ino === seen.ino && current.content?.token === seen.content?.token)
      await rm(path, { force: true });
  } finally {
    await releaseIfOurs(breaker, token);
  }
}

/** Removes the lock file `path` if the process holding it is dead (or it is older than `staleMs`). */
export async function sweepStaleLock(path: string, staleMs = 10_000): Promise<void> {
  const seen = await readLock(path);
  if (seen !== undefined && isStale(seen, staleMs)) await breakStale(path, seen, staleMs);
}

async function releaseIfOurs(path: string, token: string): Promise<void> {
  const current = await readLock(path);
  if (current?.content?.token === token) await rm(path, { force: true });
}
