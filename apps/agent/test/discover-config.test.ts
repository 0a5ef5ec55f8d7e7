import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverConfig } from '../src/config/discover-config.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-discover-'));
  await mkdir(join(root, 'home', '.clawft'), { recursive: true });
  await mkdir(join(root, 'cwd'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = (extra: { flagPath?: string; env?: Record<string, string> } = {}) => ({
  env: extra.env ?? {},
  cwd: join(root, 'cwd'),
  homeDir: join(root, 'home'),
  ...(extra.flagPath === undefined ? {} : { flagPath: extra.flagPath }),
});

describe('discoverConfig', () => {
  it('falls back to the built-in defaults, with ~ expanded to the given home', async () => {
    const found = await discoverConfig(options());
    expect(found.source).toEqual({
      kind: 'defaults',
      description: 'built-in defaults (no config file found)',
    });
    expect(found.config.agents.defaults.workspace).toBe(join(root, 'home', '.clawft', 'workspace'));
  });

  it('treats an empty CLAWFT_CONFIG as unset', async () => {
    expect((await discoverConfig(options({ env: { CLAWFT_CONFIG: '' } }))).source.kind).toBe('defaults');
  });

  it('fails when an explicitly named file is missing instead of falling back', async () => {
    const error = await discoverConfig(options({ env: { CLAWFT_CONFIG: 'nope.json' } })).catch(
      (caught: unknown) => caught,
    );
    expect(ConfigError.is(error) && error.kind).toBe('config-not-found');
  });

  it('does not skip a conventional file that exists but is invalid', async () => {
    await writeFile(join(root, 'home', '.clawft', 'config.json'), '{"bus": {"inboundCapacity": -1}}');
    const error = await discoverConfig(options()).catch((caught: unknown) => caught);
    expect(ConfigError.is(error) && error.kind).toBe('config-invalid');
  });
});
