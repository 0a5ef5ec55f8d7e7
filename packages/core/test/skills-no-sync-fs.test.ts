import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOT = join(import.meta.dirname, '..', 'src');
// shared: small helpers (resolvePath, LruMap) the skills loader, context builder and sessions import.
const FOLDERS = ['skills', 'context', 'sessions', 'shared'];

/** Synchronous fs use found in a module's text: imports of `fs`/`node:fs` (not `/promises`) and `*Sync` calls. */
function syncFsUses(source: string): string[] {
  const found: string[] = [];
  const fsModule = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"](?:node:)?fs['"]/g;
  for (const match of source.matchAll(fsModule)) found.push(match[0]);
  for (const match of source.matchAll(/\b[a-z][A-Za-z]*Sync\b/g)) found.push(match[0]);
  return found;
}

async function modules(folder: string): Promise<string[]> {
  const entries = await readdir(join(SOURCE_ROOT, folder), { recursive: true });
  return entries
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(SOURCE_ROOT, folder, name));
}

describe('async-only file I/O (D11)', () => {
  it('recognises the synchronous fs APIs it guards against', () => {
    expect(syncFsUses("import { readFileSync } from 'node:fs';")).toEqual(["from 'node:fs'", 'readFileSync']);
    expect(syncFsUses("import fs from 'fs'; fs.statSync(p);")).toEqual(["from 'fs'", 'statSync']);
    expect(syncFsUses('const { existsSync } = process.binding;')).toEqual(['existsSync']);
    expect(syncFsUses("await import('node:fs')")).toHaveLength(1);
    expect(syncFsUses("import { readFile } from 'node:fs/promises'; await handle.sync();")).toEqual([]);
  });

  it.each(FOLDERS)('finds no synchronous fs API in any module under src/%s', async (folder) => {
    const files = await modules(folder);
    expect(files.length).toBeGreaterThan(1);
    const offenders: string[] = [];
    for (const file of files) {
      for (const use of syncFsUses(await readFile(file, 'utf8')))
        offenders.push(`${relative(SOURCE_ROOT, file)}: ${use}`);
    }
    expect(offenders).toEqual([]);
  });
});
