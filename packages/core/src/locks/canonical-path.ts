import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The lock key of a path: the realpath of its deepest existing ancestor joined with the rest. A symlink and its
 * target get one key, and a file that does not exist yet already has the key it will have once created.
 *
 * @param path Absolute, or relative to `base`.
 * @param base Directory a relative `path` is resolved against. @default process.cwd()
 * @example
 * await canonicalPath('notes/new.md', '/work/space'); // '/real/work/space/notes/new.md'
 */
export async function canonicalPath(path: string, base: string = process.cwd()): Promise<string> {
  let existing = resolve(base, path);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch (error) {
      if (!isMissing(error)) throw error;
      const parent = dirname(existing);
      if (parent === existing) return join(existing, ...rest.reverse());
      rest.push(basename(existing));
      existing = parent;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // ENOTDIR: an ancestor is a regular file; the path cannot exist, so it keys lexically under that file.
  return code === 'ENOENT' || code === 'ENOTDIR';
}
