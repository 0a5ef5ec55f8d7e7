import { mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextBuilder } from '../src/context/context-builder.js';
import { FileCache } from '../src/context/file-cache.js';
import { type FileSystem, nodeFileSystem } from '../src/context/file-system.js';
import { type CountingFileSystem, countingFileSystem } from './helpers/counting-file-system.js';
import { HOUR_AGO, type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

const BOOTSTRAP = ['SOUL.md', 'IDENTITY.md', 'AGENTS.md', 'USER.md', 'TOOLS.md'];

let ws: TempWorkspace;
let counting: CountingFileSystem;
let builder: ContextBuilder;

/** Sets a directory's times an hour back, so that its mtime is not racy and it can vouch for missing files. */
async function age(directory: string): Promise<void> {
  const past = HOUR_AGO() / 1000;
  await utimes(directory, past, past);
}

const systemText = async (): Promise<string> => (await builder.buildSystemPrompt()).text;

beforeEach(async () => {
  ws = await tempWorkspace();
  counting = countingFileSystem();
  builder = new ContextBuilder({ workspace: ws.dir, cache: new FileCache({ fs: counting.fs }) });
  await age(ws.dir);
});

afterEach(async () => {
  await ws.remove();
});

describe('missing bootstrap files, checked by their directory', () => {
  it('costs one stat per directory per build in an empty workspace, none of a missing file itself', async () => {
    await systemText();
    counting.reset();
    for (let i = 0; i < 10; i += 1) await systemText();
    expect([...counting.stats.keys()].sort()).toEqual([ws.dir, ws.path('.clawft'), ws.path('memory')].sort());
    expect(counting.totalStats()).toBe(30);
  });

  it('sees a bootstrap file created in the workspace on the next build', async () => {
    expect(await systemText()).toBe(await systemText());
    await ws.write('USER.md', 'The user is new here.\n');
    expect(await systemText()).toContain('The user is new here.');
  });

  it('sees a .clawft directory and its file created after the first builds', async () => {
    await systemText();
    await systemText();
    await ws.write('.clawft/SOUL.md', 'A soul from .clawft.\n');
    await age(ws.path('.clawft'));
    await age(ws.dir);
    expect(await systemText()).toContain('A soul from .clawft.');
    await rm(ws.path('.clawft', 'SOUL.md'));
    expect(await systemText()).not.toContain('A soul from .clawft.');
    await ws.write('.clawft/SOUL.md', 'The soul is back.\n');
    expect(await systemText()).toContain('The soul is back.');
  });

  it('sees memory written after the directory existed empty', async () => {
    await mkdir(ws.path('memory'));
    await age(ws.path('memory'));
    await systemText();
    await systemText();
    await ws.write('memory/MEMORY.md', 'The user likes tea.\n');
    expect(await systemText()).toContain('The user likes tea.');
  });

  it('sees the target of a dangling symbolic link once it is created (the directory does not change)', async () => {
    await mkdir(ws.path('elsewhere'));
    await symlink(ws.path('elsewhere', 'soul.md'), ws.path('SOUL.md'));
    await age(ws.dir);
    expect(await systemText()).not.toContain('linked soul');
    expect(await systemText()).not.toContain('linked soul');
    await ws.write('elsewhere/soul.md', 'A linked soul.\n');
    expect(await systemText()).toContain('A linked soul.');
  });

  it('checks each missing file by its own stat while the directory changed recently (racy mtime)', async () => {
    await ws.write('notes.txt', 'x'); // the workspace's mtime is now
    await systemText();
    counting.reset();
    await systemText();
    for (const name of BOOTSTRAP) expect(counting.stats.get(ws.path(name))).toBe(1);
  });

  it('without hasEntry in the file system, checks each missing file by its own stat', async () => {
    const { hasEntry: _, ...rest } = nodeFileSystem;
    const plain = countingFileSystem(rest as FileSystem);
    const polling = new ContextBuilder({ workspace: ws.dir, cache: new FileCache({ fs: plain.fs }) });
    await polling.buildSystemPrompt();
    plain.reset();
    await polling.buildSystemPrompt();
    for (const name of BOOTSTRAP) expect(plain.stats.get(ws.path(name))).toBe(1);
    expect(plain.stats.get(ws.dir)).toBeUndefined();
  });
});
