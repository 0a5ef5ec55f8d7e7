import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionStore } from '@clawft/core';

/** One stored session, as `clawft sessions list` shows it. */
export interface SessionSummary {
  key: string;
  file: string;
  createdAt: string | undefined;
  /** ISO time of the last write. */
  updatedAt: string;
  messages: number;
  bytes: number;
  /** Torn or corrupt lines skipped while loading. */
  issues: number;
}

/** The meta line is small; a first line longer than this is not one. */
const META_BYTES = 64 * 1024;

/**
 * Every session in `<workspace>/sessions/`, most recently written first. The key comes from each file's meta
 * line (file names of long keys are hashed and cannot be decoded); files without one are skipped.
 *
 * @example
 * const sessions = await listSessions(new SessionStore({ workspace }), join(workspace, 'sessions'));
 */
export async function listSessions(
  store: SessionStore,
  directory: string,
  signal?: AbortSignal,
): Promise<SessionSummary[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries: SessionSummary[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.jsonl')).sort()) {
    signal?.throwIfAborted();
    const file = join(directory, name);
    const key = await readKey(file);
    if (key === undefined || store.fileFor(key) !== file) continue;
    const [session, info] = await Promise.all([
      store.load(key, signal === undefined ? {} : { signal }),
      stat(file),
    ]);
    summaries.push({
      key,
      file,
      createdAt: session.createdAt,
      updatedAt: info.mtime.toISOString(),
      messages: session.messages.length,
      bytes: info.size,
      issues: session.issues.length,
    });
  }
  return summaries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

async function readKey(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(META_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, META_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    if (end < 0) return undefined;
    const meta: unknown = JSON.parse(text.slice(0, end));
    if (typeof meta !== 'object' || meta === null) return undefined;
    const key: unknown = Reflect.get(meta, 'key');
    return Reflect.get(meta, 'type') === 'meta' && typeof key === 'string' ? key : undefined;
  } catch {
    // Not a session file (or a corrupt first line): it has no key to list it under.
    return undefined;
  } finally {
    await handle.close();
  }
}
