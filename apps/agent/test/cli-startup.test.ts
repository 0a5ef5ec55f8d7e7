import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

const TRACER = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-startup-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the built CLI with a module-load tracer and returns its exit code and every module URL it loaded. */
async function traceCli(args: string[]): Promise<{ code: number | null; loaded: string[] }> {
  const traceFile = join(root, 'loaded.txt');
  const run = await runBuiltCli(args, {
    cwd: root,
    env: { HOME: root, CLAWFT_TRACE_IMPORTS: traceFile },
    nodeArgs: ['--import', TRACER],
  });
  const loaded = (await readFile(traceFile, 'utf8')).split('\n').filter((line) => line !== '');
  return { code: run.code, loaded };
}

const heavy = (urls: string[]) =>
  urls.filter((url) => /\/packages\/(types|llm|core|services)\/|@clawft\/|\/zod\/|\/undici\//.test(url));

describe('clawft startup (built CLI, module loads traced by a node loader hook)', () => {
  it('loads no workspace package, zod or undici for --version and --help', async () => {
    for (const args of [['--version'], ['--help'], []]) {
      const { code, loaded } = await traceCli(args);
      expect(code).toBe(0);
      expect(loaded.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
      expect(heavy(loaded)).toEqual([]);
    }
  });

  it('loads no workspace package for a usage error', async () => {
    const { code, loaded } = await traceCli(['frobnicate']);
    expect(code).toBe(2);
    expect(heavy(loaded)).toEqual([]);
  });

  it('loads @clawft/types and zod once a command runs (the tracer sees them)', async () => {
    const { code, loaded } = await traceCli(['status']);
    expect(code).toBe(0);
    expect(loaded.some((url) => url.includes('/packages/types/dist/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/zod/'))).toBe(true);
  });
});
