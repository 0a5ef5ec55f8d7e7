import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dirNames } from '../shared/dir-names.js';

/** Whether process `pid` is alive (EPERM: it is, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a save of `file` left behind when its process died between creating and renaming one
 * (`<file>.<pid>.<hex>.tmp`, see `saveCostState`). A temp file of a live process (a save in flight) is kept.
 * Returns the names removed.
 */
export async function sweepStaleTempFiles(file: string, signal?: AbortSignal): Promise<string[]> {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  const names = await dirNames(dir);
  const removed: string[] = [];
  for (const name of names) {
    signal?.throwIfAborted();
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
