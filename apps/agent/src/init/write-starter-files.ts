import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StarterFile } from './starter-files.js';

export type WriteStarterResult = { ok: true; written: string[] } | { ok: false; existing: string[] };

/**
 * Writes `files` under `dir`. Unless `force`, nothing is written when any of them exists already: the result
 * lists those files (absolute paths) instead.
 *
 * @example
 * const result = await writeStarterFiles(dir, starterFiles(dir), { force: false });
 * if (!result.ok) console.error('exists:', result.existing);
 */
export async function writeStarterFiles(
  dir: string,
  files: readonly StarterFile[],
  options: { force: boolean; signal?: AbortSignal },
): Promise<WriteStarterResult> {
  const targets = files.map((file) => ({ ...file, absolute: join(dir, file.path) }));
  if (!options.force) {
    const existing: string[] = [];
    for (const target of targets) if (await exists(target.absolute)) existing.push(target.absolute);
    if (existing.length > 0) return { ok: false, existing };
  }
  for (const target of targets) {
    options.signal?.throwIfAborted();
    await mkdir(dirname(target.absolute), { recursive: true });
    await writeFile(target.absolute, target.text, {
      encoding: 'utf8',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }
  return { ok: true, written: targets.map((target) => target.absolute) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
