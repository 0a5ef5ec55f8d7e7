// What is not a regular file is never opened: a FIFO as a bootstrap file or SKILL.md used to hang the scan forever,
// and four of them wedged libuv's thread pool (every fs and DNS call of the process stalled).
import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextBuilder } from '../src/context/context-builder.js';
import { FileCache } from '../src/context/file-cache.js';
import { nodeFileSystem } from '../src/context/file-system.js';
import { SkillsLoader } from '../src/skills/skills-loader.js';
import { skillMarkdown, type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

const run = promisify(execFile);
let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

async function fifo(relative: string): Promise<string> {
  const path = ws.path(relative);
  await mkdir(dirname(path), { recursive: true });
  await run('mkfifo', [path]);
  return path;
}

describe('non-regular files in context and skills', () => {
  it('reports and skips FIFO bootstrap files and SKILL.md files, and the thread pool stays free', async () => {
    await fifo('SOUL.md');
    await fifo('.clawft/USER.md');
    await ws.write('AGENTS.md', 'Be brief.');
    for (const name of ['a', 'b', 'c', 'd', 'e']) await fifo(`skills/${name}/SKILL.md`);
    await ws.write('skills/ok/SKILL.md', skillMarkdown({ name: 'ok', description: 'Works' }));
    const cache = new FileCache();
    const skills = new SkillsLoader({
      roots: [{ directory: ws.path('skills'), source: 'workspace' }],
      cache,
    });
    const prompt = await new ContextBuilder({ workspace: ws.dir, cache, skills }).buildSystemPrompt();
    expect(prompt.text).toContain('Be brief.');
    expect(prompt.text).toContain('- ok: Works');
    expect(prompt.unreadableFiles.map((file) => [file.path, file.code])).toEqual([
      [ws.path('SOUL.md'), 'EFTYPE'],
      [ws.path('.clawft', 'USER.md'), 'EFTYPE'],
    ]);
    expect(prompt.skillProblems).toHaveLength(5);
    for (const problem of prompt.skillProblems) {
      expect(problem).toMatchObject({ reason: 'unreadable', message: expect.stringContaining('EFTYPE') });
    }
    // Thread-pool work still completes: a blocked open would hold a thread per FIFO for good.
    await Promise.all([
      readFile(ws.path('AGENTS.md'), 'utf8'),
      readFile(ws.path('skills/ok/SKILL.md'), 'utf8'),
      lookup('localhost'),
      readFile(ws.path('AGENTS.md'), 'utf8'),
      readFile(ws.path('skills/ok/SKILL.md'), 'utf8'),
    ]);
  }, 10_000);

  it('refuses a FIFO it was asked to read directly, without blocking on the open', async () => {
    const path = await fifo('swapped-in.md');
    // The path given to readFile after a stat said "file" (a swap in between): the opened handle is checked.
    await expect(nodeFileSystem.readFile(path, { maxBytes: 100 })).rejects.toMatchObject({
      code: 'EFTYPE',
      path,
    });
    await expect(new FileCache().read(path)).rejects.toMatchObject({ code: 'EFTYPE' });
  });
});
