// Crash test: a child process running turns with tool calls is killed with SIGKILL at random moments, 200 times
// (in 10 lanes, each on its own workspace that the next child goes on using). After every kill each session loads,
// only a torn last line is ever found, and no assistant tool call is without its results.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { bundleFixture } from './helpers/bundle-fixture.js';

const KILLS = 200;
const LANES = 10;
const workspaces: string[] = [];
let child = '';

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'clawft-agent-crash-bundle-'));
  workspaces.push(directory);
  child = await bundleFixture(
    join(import.meta.dirname, 'fixtures/agent-turns-forever.ts'),
    directory,
    'child',
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(workspaces.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Starts the child, waits until it has finished a turn, lets it run `delayMs` more, kills it. */
async function killOnce(workspace: string, seed: number, delayMs: number): Promise<void> {
  const running = spawn(process.execPath, [child, workspace, String(seed)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve) => running.stdout.once('data', () => resolve()));
  await Promise.race([ready, exited]);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  running.kill('SIGKILL');
  await exited;
}

async function checkSessions(workspace: string): Promise<number> {
  const store = new SessionStore({ workspace });
  let messages = 0;
  for (const key of ['crash:s0', 'crash:s1', 'crash:s2', 'crash:s3']) {
    const session = await store.load(key);
    expect(session.issues.every((issue) => issue.reason === 'torn-line')).toBe(true);
    expect(unmatchedToolCall(session.messages)).toBeUndefined();
    messages += session.messages.length;
  }
  return messages;
}

describe('AgentLoop crash safety', () => {
  it(`leaves every session loadable and every tool call with its results after ${KILLS} SIGKILLs`, async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const lanes = await Promise.all(
      Array.from({ length: LANES }, () => mkdtemp(join(tmpdir(), 'clawft-agent-crash-'))),
    );
    workspaces.push(...lanes);
    const grew: boolean[] = [];
    await Promise.all(
      lanes.map(async (workspace, lane) => {
        let before = 0;
        for (let kill = lane; kill < KILLS; kill += LANES) {
          await killOnce(workspace, kill + 1, Math.floor(random() * 40));
          const after = await checkSessions(workspace);
          grew.push(after > before);
          before = after;
        }
      }),
    );
    expect(grew).toHaveLength(KILLS);
    // Children made progress: sessions grew on (nearly) every run.
    expect(grew.filter(Boolean).length).toBeGreaterThan(KILLS * 0.9);
  }, 180_000);
});
