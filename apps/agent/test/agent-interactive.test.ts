import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVERYTHING, processesWithMarker, runInPty, writeConfig } from './agent-helpers.js';

let root: string;
let workspace: string;
let server: FakeLlmServer;

/** 40 words streamed one per 150 ms: a turn long enough to interrupt. */
const SLOW_TEXT = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-pty-'));
  workspace = join(root, 'workspace');
  await mkdir(workspace);
  server = await createFakeLlmServer({
    fallback: { type: 'answer', text: SLOW_TEXT, chunks: 40, chunkDelayMs: 150 },
  });
});

afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('clawft agent, interactive over a pseudo-terminal', () => {
  it('streams with a spinner, cancels a turn on Ctrl-C, quits on the second, leaves no child behind', async () => {
    const marker = `clawft-test-${randomUUID()}`;
    const config = await writeConfig(root, {
      agents: { defaults: { workspace, model: 'local/m' } },
      providers: { local: { apiBase: server.openAiBaseUrl, api: 'openai' } },
      tools: {
        mcpServers: {
          everything: { command: process.execPath, args: [EVERYTHING], env: { MARKER: marker } },
        },
      },
    });
    const pty = runInPty(['agent', '-c', config], { cwd: root, env: { HOME: root, MARKER: marker } });
    let at = await pty.waitFor('you> ');
    pty.child.stdin.write('tell me a long story\r');
    at = await pty.waitFor('word2', { from: at });
    expect(processesWithMarker(marker).length).toBeGreaterThan(0);
    pty.child.stdin.write('\x03');
    at = await pty.waitFor('✗ cancelled', { from: at });
    at = await pty.waitFor('you> ', { from: at });
    pty.child.stdin.write('\x03');
    expect(await pty.exit).toBe(130);
    const shown = pty.output();
    if (process.env.SHOW_PTY) console.log(JSON.stringify(shown));
    expect(shown).toContain('thinking…');
    expect(shown).toContain('(turn cancelled; Ctrl-C again quits)');
    expect(shown).not.toContain('word39');
    expect(processesWithMarker(marker)).toEqual([]);
    const history = await readFile(join(workspace, '.clawft-history'), 'utf8');
    expect(history).toBe('tell me a long story\n');
  });

  it('erases the partial text of a failed attempt on a TTY after a mid-stream failover; NO_COLOR turns colour off', async () => {
    const second = await createFakeLlmServer({
      script: [{ type: 'answer', text: 'Answer from the backup.' }],
    });
    try {
      await server.close();
      server = await createFakeLlmServer({
        script: [{ type: 'answer', text: 'this partial answer gets cut off', chunks: 6, cutAfterChunks: 2 }],
      });
      const config = await writeConfig(root, {
        agents: { defaults: { workspace, model: 'first/m1' } },
        providers: {
          first: { apiBase: server.openAiBaseUrl, api: 'openai' },
          second: { apiBase: second.openAiBaseUrl, api: 'openai' },
        },
        failover: { targets: ['second/m2'] },
      });
      const colour = runInPty(['agent', '-m', 'hi', '-c', config], { cwd: root, env: { HOME: root } });
      expect(await colour.exit).toBe(0);
      const shown = colour.output();
      const erase = shown.indexOf('\x1b[J');
      expect(erase).toBeGreaterThan(shown.indexOf('this partial'));
      expect(shown.indexOf('took over from m1')).toBeGreaterThan(erase);
      expect(shown).toContain('↺ discarded');
      expect(shown).toContain('Answer from the backup.');
      expect(shown).toContain('\x1b[2m');

      server.enqueue({ type: 'answer', text: 'Plain.' });
      const plain = runInPty(['agent', '-m', 'hi', '-c', config], {
        cwd: root,
        env: { HOME: root, NO_COLOR: '1' },
      });
      expect(await plain.exit).toBe(0);
      expect(plain.output()).toContain('Plain.');
      expect(plain.output()).not.toContain('\x1b[2m');
    } finally {
      await second.close();
    }
  });
});
