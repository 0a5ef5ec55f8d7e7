import { spawn } from 'node:child_process';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionError } from '../src/sessions/session-error.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

const user = (content: string): ChatMessage => ({ role: 'user', content });
const toolTurn = (id: string): ChatMessage[] => [
  { role: 'assistant', content: '', toolCalls: [{ id, name: 'exec', arguments: { command: `echo ${id}` } }] },
  { role: 'tool', toolCallId: id, name: 'exec', content: `${id}\n`, isError: false },
];
const reply = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });

/** Every append of the multi-entry log used below, in order. */
const APPENDS: ChatMessage[][] = [
  [user('hello')],
  [...toolTurn('c1'), reply('ran c1')],
  [user('caf\u00e9 \u{1F600}')],
  [...toolTurn('c2'), ...toolTurn('c3')],
  [reply('bye')],
];

async function writeLog(key: string): Promise<string> {
  const store = new SessionStore({ workspace: ws.dir });
  for (const messages of APPENDS) await store.append(key, messages);
  return store.fileFor(key);
}

describe('SessionStore', () => {
  it('removes a session so the next load is empty, even with the history cached', async () => {
    const store = new SessionStore({ workspace: ws.dir });
    await store.append('gateway:a', [user('hello')]);
    expect((await store.load('gateway:a')).messages).toHaveLength(1);
    expect(await store.remove('gateway:a')).toBe(true);
    expect((await store.load('gateway:a')).messages).toEqual([]);
    expect(await store.remove('gateway:a')).toBe(false);
  });

  it('stores a metadata line, then one line per append, and loads them back', async () => {
    const file = await writeLog('telegram:42');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(APPENDS.length + 1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ type: 'meta', version: 1, key: 'telegram:42' });
    const session = await new SessionStore({ workspace: ws.dir }).load('telegram:42');
    expect(session.messages).toEqual(APPENDS.flat());
    expect(session.issues).toEqual([]);
    expect(session.createdAt).toEqual(expect.any(String));
  });

  it('refuses a tool call without its results, and results without their call', async () => {
    const store = new SessionStore({ workspace: ws.dir });
    const [call, result] = toolTurn('c1') as [ChatMessage, ChatMessage];
    const refused = await store.append('k', [call]).catch((error: unknown) => error);
    expect(SessionError.is(refused) && refused.kind).toBe('incomplete-tool-call');
    await expect(store.append('k', [result])).rejects.toMatchObject({ kind: 'incomplete-tool-call' });
    await expect(store.append('k', [])).rejects.toMatchObject({ kind: 'invalid-message' });
    expect((await store.load('k')).messages).toEqual([]);
  });

  it('skips and reports a corrupt line in the middle', async () => {
    const file = await writeLog('k');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = '{"type":"messages","at":"x","messages":[{"role":"robot"}]}';
    await writeFile(file, lines.join('\n'));
    const session = await new SessionStore({ workspace: ws.dir }).load('k');
    expect(session.issues).toEqual([expect.objectContaining({ line: 3, reason: 'corrupt-line' })]);
    expect(session.messages).toEqual([...(APPENDS[0] ?? []), ...APPENDS.slice(2).flat()]);
  });

  it('loads a log cut at every byte offset as whole appends only, and appends cleanly after it', async () => {
    const whole = await readFile(await writeLog('k'));
    const lineEnds = [...whole.entries()].filter(([, byte]) => byte === 0x0a).map(([index]) => index + 1);
    const checkCut = async (offset: number): Promise<void> => {
      const key = `cut-${offset}`;
      const store = new SessionStore({ workspace: ws.dir, fsync: false });
      await writeFile(store.fileFor(key), whole.subarray(0, offset));
      const session = await store.load(key);
      const wholeRecords = Math.max(0, lineEnds.filter((end) => end <= offset).length - 1);
      expect(session.messages).toEqual(APPENDS.slice(0, wholeRecords).flat());
      const torn = offset > 0 && !lineEnds.includes(offset);
      expect(session.issues.map((issue) => issue.reason)).toEqual(torn ? ['torn-line'] : []);
      await store.append(key, [user('after the crash')]);
      const reloaded = await new SessionStore({ workspace: ws.dir }).load(key);
      expect(reloaded.issues).toEqual([]);
      expect(reloaded.messages).toEqual([...APPENDS.slice(0, wholeRecords).flat(), user('after the crash')]);
    };
    // Each offset has its own file, so the cuts are checked a batch at a time: ~1000 offsets × 4 file operations
    // done one by one took seconds on a loaded machine.
    const offsets = Array.from({ length: whole.length + 1 }, (_, offset) => offset);
    for (let start = 0; start < offsets.length; start += 32) {
      await Promise.all(offsets.slice(start, start + 32).map(checkCut));
    }
  }, 30_000);

  it('leaves a loadable file when the writing process is killed mid-append', async () => {
    const store = new SessionStore({ workspace: ws.dir });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'fixtures/sessions-append-forever.ts'),
        ws.dir,
        'kill:test',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    const session = await store.load('kill:test');
    expect(session.messages.length % 3).toBe(0);
    expect(session.messages.length / 3).toBeGreaterThanOrEqual(6);
    expect(session.issues.every((issue) => issue.reason === 'torn-line')).toBe(true);
    await store.append('kill:test', [user('next')]);
    expect((await new SessionStore({ workspace: ws.dir }).load('kill:test')).issues).toEqual([]);
  }, 20_000);

  it('keeps keys with "/", ".." and unicode inside the sessions directory, one file each', async () => {
    const keys = ['a/b', '../../escape', '..', 'caf\u00e9', 'Caf\u00e9', '\u{1F600}'];
    const store = new SessionStore({ workspace: ws.dir });
    for (const key of keys) await store.append(key, [user(key)]);
    expect((await readdir(ws.dir)).sort()).toEqual(['sessions']);
    expect(await readdir(ws.path('sessions'))).toHaveLength(keys.length);
    const fresh = new SessionStore({ workspace: ws.dir, maxCachedSessions: 1 });
    for (const key of keys) expect((await fresh.load(key)).messages).toEqual([user(key)]);
  });

  it('serves loads from a bounded LRU cache that never hides an append made outside it', async () => {
    const store = new SessionStore({ workspace: ws.dir, maxCachedSessions: 1 });
    await store.append('a', [user('from the store')]);
    await appendFile(
      store.fileFor('a'),
      `${JSON.stringify({ type: 'messages', at: 'x', messages: [user('outside')] })}\n`,
    );
    expect((await store.load('a')).messages).toEqual([user('from the store'), user('outside')]);
    await store.load('b'); // evicts "a"
    expect((await store.load('a')).messages).toEqual([user('from the store'), user('outside')]);
  });

  it('serialises concurrent appends to one session', async () => {
    const store = new SessionStore({ workspace: ws.dir, fsync: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('k', [user(`m${i}`)])));
    const loaded = await new SessionStore({ workspace: ws.dir }).load('k');
    expect(loaded.messages).toEqual(Array.from({ length: 20 }, (_, i) => user(`m${i}`)));
    await appendFile(store.fileFor('k'), '{"type":"mess');
    expect((await new SessionStore({ workspace: ws.dir }).load('k')).issues).toHaveLength(1);
  });
});
