import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

const execFileAsync = promisify(execFile);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clawft-load-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

const BUILT_TYPES = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const NOBODY = 65534;
// Root reads any file whatever its mode, so as root the child drops to `nobody` before loading the config: after
// importing the package, because `nobody` may not be allowed into the checkout (a clone in a 0700 temp directory).
const CHILD = `
const [uid, modulePath, file] = process.argv.slice(1);
const { ConfigError, loadConfig } = await import(modulePath);
if (uid !== '') { process.setgid(Number(uid)); process.setuid(Number(uid)); }
const error = await loadConfig(file).then(() => undefined, (caught) => caught);
console.log(JSON.stringify({ isConfigError: ConfigError.is(error), kind: error?.kind, message: error?.message }));
`;

/** `loadConfig(path)` in a child node process (the built package), as `nobody` when this process is root. */
async function loadInChild(
  path: string,
): Promise<{ isConfigError: boolean; kind?: string; message?: string }> {
  if (!existsSync(BUILT_TYPES)) throw new Error(`${BUILT_TYPES} is missing: run "pnpm build" first`);
  const uid = process.getuid?.() === 0 ? String(NOBODY) : '';
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--input-type=module', '-e', CHILD, uid, pathToFileURL(BUILT_TYPES).href, path],
    { cwd: dir },
  );
  return JSON.parse(stdout) as { isConfigError: boolean; kind?: string; message?: string };
}

async function loadError(path: string): Promise<ConfigError> {
  const error = await loadConfig(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ConfigError.is(error)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('loads a snake_case file, fills defaults, expands ~ and reports unknown keys', async () => {
    const file = await write(
      'ok.json',
      '\uFEFF{"agents": {"defaults": {"max_tokens": 1024, "workspace": "~/ws"}}, "webhooks": {"port": 1}}\n',
    );
    const { config, warnings } = await loadConfig(file, { homeDir: '/home/x' });
    expect(config.agents.defaults).toMatchObject({
      maxTokens: 1024,
      workspace: '/home/x/ws',
      model: expect.any(String),
    });
    expect(config.bus.inboundCapacity).toBe(1024);
    expect(warnings).toEqual([{ path: 'webhooks', message: 'unknown key "webhooks" was ignored.' }]);
  });

  it('says a missing file was not found, names it and says how to create one', async () => {
    const file = join(dir, 'absent.json');
    const error = await loadError(file);
    expect(error.kind).toBe('config-not-found');
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('Create it');
  });

  it('reports a JSON syntax error with its 1-based line and column and the offending line', async () => {
    const file = await write('syntax.json', '{\n  "bus": {\n    "inbound_capacity": 10,\n  }\n}\n');
    const error = await loadError(file);
    expect(error.kind).toBe('config-syntax');
    expect([error.line, error.column]).toEqual([4, 3]);
    expect(error.message).toContain(`${file}:4:3`);
    expect(error.message).toContain('4 |   }\n      ^');
    expect(error.message).toContain('no trailing commas');
  });

  it('masks secret values on the line it quotes', async () => {
    const file = await write(
      'secret-syntax.json',
      '{"providers": {"openai": {"api_key": "sk-live-123456" "x": 1}}}',
    );
    const error = await loadError(file);
    expect(error.kind).toBe('config-syntax');
    expect(error.message).not.toContain('sk-live-123456');
    expect(error.message).toContain('"api_key": "**************" "x"');
  });

  it('reports an empty file as a syntax error at line 1, column 1', async () => {
    const error = await loadError(await write('empty.json', ''));
    expect([error.kind, error.line, error.column]).toEqual(['config-syntax', 1, 1]);
  });

  it('says a directory is not a readable config file', async () => {
    const sub = join(dir, 'a-directory.json');
    await mkdir(sub);
    const error = await loadError(sub);
    expect(error.kind).toBe('config-unreadable');
    expect(error.message).toContain('is a directory');
  });

  it('says a file without read permission is unreadable (as uid 65534 when the tests run as root)', async () => {
    const file = await write('locked.json', '{}');
    await chmod(file, 0o000);
    await chmod(dir, 0o755);
    const error = await loadInChild(file);
    expect(error).toMatchObject({ isConfigError: true, kind: 'config-unreadable' });
    expect(error.message).toContain('permission denied');
  });

  it('reports invalid content with the file and every offending path', async () => {
    const file = await write('invalid.json', '{"bus": {"overflow_policy": "nope", "inbound_capacity": 0}}');
    const error = await loadError(file);
    expect(error.kind).toBe('config-invalid');
    expect(error.file).toBe(file);
    expect(error.issues.map((issue) => issue.path)).toEqual(['bus.inbound_capacity', 'bus.overflow_policy']);
  });

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const file = await write('abort.json', '{}');
    const reason = new Error('stop');
    await expect(loadConfig(file, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
