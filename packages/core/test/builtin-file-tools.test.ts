import { readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinRegistry, toolCall } from './helpers/builtin-registry.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
let outside: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace('clawft-files-');
  outside = await tempWorkspace('clawft-outside-');
});
afterEach(async () => {
  await ws.remove();
  await outside.remove();
});

async function run(name: string, args: Record<string, unknown>, restrictToWorkspace = true) {
  const registry = builtinRegistry(ws.dir, { restrictToWorkspace });
  const [report] = await registry.runBatch([toolCall(name, args)], { workspace: ws.dir });
  if (report === undefined) throw new Error('no report');
  return report.result;
}

describe('file tools', () => {
  it('write_file creates parents and writes atomically (no temporary file left)', async () => {
    const result = await run('write_file', { path: 'a/b/c.txt', content: 'hello' });
    expect(result.isError).toBe(false);
    expect(await readFile(ws.path('a/b/c.txt'), 'utf8')).toBe('hello');
    expect(await readdir(ws.path('a/b'))).toEqual(['c.txt']);
  });

  it('read_file returns a file or a range of lines', async () => {
    await ws.write('lines.txt', 'one\ntwo\nthree\nfour');
    expect((await run('read_file', { path: 'lines.txt' })).content).toBe('one\ntwo\nthree\nfour');
    expect((await run('read_file', { path: 'lines.txt', offset: 2, limit: 2 })).content).toBe('two\nthree');
  });

  it('read_file of a missing file is an error result saying so', async () => {
    const result = await run('read_file', { path: 'nope.txt' });
    expect(result.isError).toBe(true);
    expect(result.content).toContain('nope.txt does not exist');
  });

  it('edit_file replaces text that occurs exactly once, and refuses none or several', async () => {
    await ws.write('e.txt', 'alpha beta beta');
    expect((await run('edit_file', { path: 'e.txt', oldText: 'alpha', newText: 'ALPHA' })).isError).toBe(
      false,
    );
    expect(await readFile(ws.path('e.txt'), 'utf8')).toBe('ALPHA beta beta');
    const twice = await run('edit_file', { path: 'e.txt', oldText: 'beta', newText: 'x' });
    expect(twice.content).toContain('occurs more than once');
    const none = await run('edit_file', { path: 'e.txt', oldText: 'gamma', newText: 'x' });
    expect(none.content).toContain('does not occur');
    expect(await readFile(ws.path('e.txt'), 'utf8')).toBe('ALPHA beta beta');
  });

  it('list_dir marks directories', async () => {
    await ws.write('dir/file.txt', 'x');
    await ws.write('top.txt', 'x');
    expect((await run('list_dir', {})).content).toBe('dir/\ntop.txt');
  });

  it('writing through a symlink inside the workspace writes its target and keeps the link', async () => {
    await ws.write('real.txt', 'old');
    await symlink(ws.path('real.txt'), ws.path('link.txt'));
    await run('write_file', { path: 'link.txt', content: 'new' });
    expect(await readFile(ws.path('real.txt'), 'utf8')).toBe('new');
  });
});

describe('file tools confined to the workspace', () => {
  it('refuses .. traversal', async () => {
    const result = await run('read_file', { path: '../../etc/passwd' });
    expect(result.metadata?.errorKind).toBe('path-denied');
    expect(result.content).toContain('path "../../etc/passwd" is outside the workspace');
  });

  it('refuses absolute paths outside, for every file tool', async () => {
    const target = join(outside.dir, 'x.txt');
    for (const [name, args] of [
      ['read_file', { path: target }],
      ['write_file', { path: target, content: 'x' }],
      ['edit_file', { path: target, oldText: 'a', newText: 'b' }],
      ['list_dir', { path: tmpdir() }],
    ] as const) {
      expect((await run(name, args)).metadata?.errorKind).toBe('path-denied');
    }
    await expect(readFile(target)).rejects.toThrow();
  });

  it('accepts an absolute path inside the workspace', async () => {
    await ws.write('in.txt', 'inside');
    expect((await run('read_file', { path: ws.path('in.txt') })).content).toBe('inside');
  });

  it('refuses a symlink that escapes, for reads and for writes to a file not yet there', async () => {
    await outside.write('secret.txt', 'secret');
    await symlink(outside.path('secret.txt'), ws.path('leak.txt'));
    await symlink(outside.dir, ws.path('escape'));
    const read = await run('read_file', { path: 'leak.txt' });
    expect(read.metadata?.errorKind).toBe('path-denied');
    expect(read.content).not.toContain('secret\n');
    const write = await run('write_file', { path: 'escape/new.txt', content: 'x' });
    expect(write.content).toContain('leads outside the workspace through a symlink');
    expect(await readdir(outside.dir)).toEqual(['secret.txt']);
  });

  it('lets paths outside through when restrictToWorkspace is off', async () => {
    await outside.write('free.txt', 'free');
    expect((await run('read_file', { path: outside.path('free.txt') }, false)).content).toBe('free');
  });
});
