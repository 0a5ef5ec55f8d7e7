import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

let root: string;
let cwd: string;
let home: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-init-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  await mkdir(cwd);
  await mkdir(home);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const clawft = (args: string[]) => runBuiltCli(args, { cwd, env: { HOME: home } });

describe('clawft init (built CLI)', () => {
  it('writes a config that loads without warnings and the workspace templates', async () => {
    const run = await clawft(['init']);
    expect(run.code).toBe(0);
    for (const name of [
      'clawft.json',
      'clawft.example.md',
      'workspace/SOUL.md',
      'workspace/AGENTS.md',
      'workspace/USER.md',
    ]) {
      expect(run.stdout).toContain(join(cwd, name));
      expect((await readFile(join(cwd, name), 'utf8')).length).toBeGreaterThan(50);
    }
    const { config, warnings } = await loadConfig(join(cwd, 'clawft.json'), { homeDir: home });
    expect(warnings).toEqual([]);
    expect(config.agents.defaults.workspace).toBe(join(cwd, 'workspace'));
    const status = await clawft(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ warnings: [] });
  });

  it('refuses to overwrite, naming the files that exist, and writes nothing', async () => {
    await mkdir(join(cwd, 'out', 'workspace'), { recursive: true });
    await writeFile(join(cwd, 'out', 'workspace', 'SOUL.md'), 'mine');
    const run = await clawft(['init', '--dir', 'out']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(cwd, 'out', 'workspace', 'SOUL.md'));
    expect(run.stderr).toContain('--force');
    await expect(readFile(join(cwd, 'out', 'clawft.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(cwd, 'out', 'workspace', 'SOUL.md'), 'utf8')).toBe('mine');
  });

  it('overwrites with --force', async () => {
    await mkdir(join(cwd, 'workspace'));
    await writeFile(join(cwd, 'workspace', 'SOUL.md'), 'mine');
    const run = await clawft(['init', '--force', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).written).toContain(join(cwd, 'workspace', 'SOUL.md'));
    expect(await readFile(join(cwd, 'workspace', 'SOUL.md'), 'utf8')).toContain('# SOUL');
  });
});
