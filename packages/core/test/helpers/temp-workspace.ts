import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real temporary directory with helpers to write files (parents created) and to age them. */
export interface TempWorkspace {
  dir: string;
  path(...parts: string[]): string;
  /** Writes `text` at the relative path; `mtimeMs` sets the modification time (default: an hour ago). */
  write(relative: string, text: string, mtimeMs?: number): Promise<string>;
  remove(): Promise<void>;
}

export const HOUR_AGO = (): number => Date.now() - 3_600_000;

export async function tempWorkspace(prefix = 'clawft-core-'): Promise<TempWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    async write(relative, text, mtimeMs = HOUR_AGO()) {
      const file = join(dir, relative);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
      await utimes(file, mtimeMs / 1000, mtimeMs / 1000);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A SKILL.md with the given frontmatter lines and body. */
export function skillMarkdown(frontmatter: Record<string, string>, body = 'Do the thing.\n'): string {
  const lines = Object.entries(frontmatter).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}
