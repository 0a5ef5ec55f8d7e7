// `clawft worker` refuses what it cannot do, saying what to set: no NATS bus configured, or no server answering.
// Neither run loads the NATS client unless NATS is configured.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@clawft/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

const TRACER = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-worker-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function worker(config: object) {
  const traceFile = join(root, 'loaded.txt');
  await writeFile(join(root, 'config.json'), JSON.stringify(config));
  const run = await runBuiltCli(['worker', '--config', 'config.json'], {
    cwd: root,
    env: { HOME: root, CLAWFT_TRACE_IMPORTS: traceFile },
    nodeArgs: ['--import', TRACER],
  });
  const loaded = (await readFile(traceFile, 'utf8')).split('\n').filter((line) => line !== '');
  return { ...run, natsLoaded: loaded.some((url) => url.includes('/@nats-io/')) };
}

describe('clawft worker', () => {
  it('needs bus.transport "nats": exits 1 naming the key and what to set, without loading the NATS client', async () => {
    const run = await worker({ agents: { defaults: { workspace: join(root, 'ws') } } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bus.transport is "memory"');
    expect(run.stderr).toContain('"transport": "nats"');
    expect(run.natsLoaded).toBe(false);
  });

  it('exits 1 with bus-unavailable when no NATS server answers at bus.nats.servers, credentials redacted', async () => {
    const port = await freePort();
    const run = await worker({
      agents: { defaults: { workspace: join(root, 'ws') } },
      bus: {
        transport: 'nats',
        store: 'nats',
        nats: { servers: [`nats://me:hunter2secret@127.0.0.1:${port}`] },
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).not.toContain('hunter2secret');
    expect(run.natsLoaded).toBe(true);
  });
});
