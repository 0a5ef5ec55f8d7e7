import { rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextBuilder } from '../src/context/context-builder.js';
import { FileCache } from '../src/context/file-cache.js';
import { type FileSystem, nodeFileSystem } from '../src/context/file-system.js';
import { SkillsLoader } from '../src/skills/skills-loader.js';
import { type CountingFileSystem, countingFileSystem } from './helpers/counting-file-system.js';
import { HOUR_AGO, skillMarkdown, type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

const BOOTSTRAP = ['SOUL.md', 'IDENTITY.md', 'AGENTS.md', 'USER.md', 'TOOLS.md'];

let ws: TempWorkspace;
let counting: CountingFileSystem;
let cache: FileCache;
let skills: SkillsLoader;
let builder: ContextBuilder;

async function systemText(): Promise<string> {
  return (await builder.buildSystemPrompt()).text;
}

beforeEach(async () => {
  ws = await tempWorkspace();
  for (const name of BOOTSTRAP) await ws.write(name, `${name} says hello.\n`);
  await ws.write('memory/MEMORY.md', 'The user likes tea.\n');
  await ws.write('skills/weather/SKILL.md', skillMarkdown({ name: 'weather', description: 'Forecasts' }));
  counting = countingFileSystem();
  cache = new FileCache({ fs: counting.fs });
  skills = new SkillsLoader({ roots: [{ directory: ws.path('skills'), source: 'workspace' }], cache });
  builder = new ContextBuilder({ workspace: ws.dir, cache, skills });
});

afterEach(async () => {
  cache.close();
  await ws.remove();
});

describe('bootstrap cache (D10)', () => {
  it('reads each file once over 100 builds and renders the prompt once', async () => {
    for (let i = 0; i < 100; i += 1) await builder.build({ message: `turn ${i}` });
    for (const name of BOOTSTRAP) expect(counting.reads.get(ws.path(name))).toBe(1);
    expect(counting.reads.get(ws.path('memory', 'MEMORY.md'))).toBe(1);
    expect(counting.reads.get(ws.path('skills', 'weather', 'SKILL.md'))).toBe(1);
    expect(counting.totalReads()).toBe(7);
    expect(builder.renderCount).toBe(1);
    expect(skills.parseCount).toBe(1);
  });

  it('remembers a missing file as absent and re-checks it by stat only', async () => {
    for (let i = 0; i < 10; i += 1) await systemText();
    expect(counting.reads.get(ws.path('.clawft', 'SOUL.md'))).toBeUndefined();
    expect(counting.stats.get(ws.path('memory', 'MISSING.md'))).toBeUndefined();
    await rm(ws.path('SOUL.md'));
    await ws.write('.clawft/SOUL.md', 'The fallback soul.\n');
    expect(await systemText()).toContain('The fallback soul.');
  });

  it('sees an edit', async () => {
    await systemText();
    await ws.write('SOUL.md', 'A changed and longer soul.\n');
    expect(await systemText()).toContain('A changed and longer soul.');
    expect(counting.reads.get(ws.path('SOUL.md'))).toBe(2);
  });

  it('sees a same-size rewrite within the same millisecond (same size, mtime and inode)', async () => {
    const mtimeMs = Date.now();
    const file = await ws.write('SOUL.md', 'version A\n', mtimeMs);
    const before = await stat(file);
    expect(await systemText()).toContain('version A');
    await writeFile(file, 'version B\n');
    await utimes(file, mtimeMs / 1000, mtimeMs / 1000);
    const after = await stat(file);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(await systemText()).toContain('version B');
  });

  it('sees a replacement by rename even with the same size and mtime', async () => {
    await systemText();
    const old = await stat(ws.path('SOUL.md'));
    const temp = await ws.write('SOUL.md.tmp', 'SOUL.md says HELLO.\n', old.mtimeMs);
    await rename(temp, ws.path('SOUL.md'));
    expect((await stat(ws.path('SOUL.md'))).ino).not.toBe(old.ino);
    expect(await systemText()).toContain('SOUL.md says HELLO.');
  });

  it('sees a deletion and a re-creation', async () => {
    expect(await systemText()).toContain('TOOLS.md says hello.');
    await rm(ws.path('TOOLS.md'));
    expect(await systemText()).not.toContain('TOOLS.md says');
    await ws.write('TOOLS.md', 'TOOLS.md is back.\n');
    expect(await systemText()).toContain('TOOLS.md is back.');
  });

  it('does not re-parse or re-render after a touch that changed nothing', async () => {
    const first = await builder.buildSystemPrompt();
    const touched = HOUR_AGO() + 60_000;
    for (const name of BOOTSTRAP) await utimes(ws.path(name), touched / 1000, touched / 1000);
    const skill = ws.path('skills', 'weather', 'SKILL.md');
    await utimes(skill, touched / 1000, touched / 1000);
    const second = await builder.buildSystemPrompt();
    expect(second).toBe(first);
    expect(builder.renderCount).toBe(1);
    expect(skills.parseCount).toBe(1);
    expect(counting.reads.get(skill)).toBe(2);
  });

  it('shares one stat and one read among 50 concurrent builds', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => builder.build({ message: 'hi' })));
    expect(new Set(results.map((messages) => messages[0]?.content)).size).toBe(1);
    for (const name of BOOTSTRAP) {
      expect(counting.reads.get(ws.path(name))).toBe(1);
      expect(counting.stats.get(ws.path(name))).toBe(1);
    }
    expect(counting.totalReads()).toBe(7);
  });

  it('marks a file cut at the per-file limit and at the total limit', async () => {
    await ws.write('SOUL.md', 's'.repeat(500));
    await ws.write('AGENTS.md', 'a'.repeat(500));
    const small = new ContextBuilder({ workspace: ws.dir, cache, maxFileChars: 100, maxTotalChars: 260 });
    const prompt = await small.buildSystemPrompt();
    expect(prompt.text).toContain(
      `[clawft: SOUL.md cut at 100 of 500 characters (maxFileChars); full file: ${ws.path('SOUL.md')}]`,
    );
    expect(prompt.text).toContain('(the total prompt limit, maxTotalChars)');
    expect(prompt.sections.find((section) => section.title === 'SOUL.md')).toMatchObject({
      chars: 100,
      truncated: true,
    });
    const total = prompt.sections.reduce((sum, section) => sum + section.chars, 0);
    expect(total).toBeLessThanOrEqual(260);
  });
});

// Each test may wait up to 5 s per watcher event (until), more than once: a wider timeout than the default 5 s.
describe('bootstrap cache with fs.watch', { timeout: 20_000 }, () => {
  let open = 0;
  const watchingFs = (): FileSystem => ({
    ...counting.fs,
    async *watch(directory, options) {
      open += 1;
      try {
        yield* nodeFileSystem.watch?.(directory, options) ?? [];
      } finally {
        open -= 1;
      }
    },
  });

  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  beforeEach(async () => {
    cache.close();
    cache = new FileCache({ fs: watchingFs(), watch: true });
    builder = new ContextBuilder({ workspace: ws.dir, cache });
    await systemText();
    await new Promise((resolve) => setTimeout(resolve, 50));
    counting.reset();
  });

  it('skips the stat while the directory is quiet and sees an edit reported by the watcher', async () => {
    for (let i = 0; i < 20; i += 1) await systemText();
    expect(counting.stats.get(ws.path('SOUL.md'))).toBeUndefined();
    await ws.write('SOUL.md', 'A soul seen by the watcher.\n');
    await until(async () => (await systemText()).includes('seen by the watcher'));
    expect(await systemText()).toContain('A soul seen by the watcher.');
  });

  it('sees a replacement by rename and keeps watching afterwards', async () => {
    const temp = await ws.write('SOUL.md.tmp', 'Renamed into place.\n');
    await rename(temp, ws.path('SOUL.md'));
    await until(async () => (await systemText()).includes('Renamed into place.'));
    expect(await systemText()).toContain('Renamed into place.');
    await ws.write('SOUL.md', 'Edited after the rename.\n');
    await until(async () => (await systemText()).includes('Edited after the rename.'));
    expect(await systemText()).toContain('Edited after the rename.');
  });

  it('sees files in a directory that was deleted and created again', async () => {
    await ws.write('.clawft/USER.md', 'First user.\n');
    await rm(ws.path('USER.md'));
    await until(async () => (await systemText()).includes('First user.'));
    await rm(ws.path('.clawft'), { recursive: true });
    await until(async () => !(await systemText()).includes('First user.'));
    await ws.write('.clawft/USER.md', 'Second user.\n');
    await until(async () => (await systemText()).includes('Second user.'));
    expect(await systemText()).toContain('Second user.');
  });

  it('closes every watcher on close()', async () => {
    expect(open).toBeGreaterThan(0);
    cache.close();
    await until(async () => open === 0);
    expect(open).toBe(0);
  });
});
