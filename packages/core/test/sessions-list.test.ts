import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../src/sessions/session-store.js';
import { SessionSummarySchema } from '../src/sessions/session-summary.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

const user = (content: string): ChatMessage => ({ role: 'user', content });
const reply = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });

describe('SessionStore#list', () => {
  it('lists sessions by the key in their meta line, long (hashed) keys included, and skips other files', async () => {
    const store = new SessionStore({ workspace: ws.dir, fsync: false });
    const longKey = `telegram:${'x'.repeat(200)}`;
    await store.append('cli:main', [user('hi')]);
    await store.append(longKey, [user('a'), reply('b')]);
    const directory = join(ws.dir, 'sessions');
    await writeFile(join(directory, 'notes.jsonl'), '{"type":"messages"}\n');
    await writeFile(join(directory, 'broken.jsonl'), 'not json\n');
    await writeFile(join(directory, 'empty.jsonl'), '');
    // A meta line whose key does not map to this file name (copied by hand): not listed under a wrong key.
    await writeFile(
      join(directory, 'copy.jsonl'),
      '{"type":"meta","version":1,"key":"cli:main","createdAt":"x"}\n',
    );
    await writeFile(join(directory, 'README.md'), '# not a session');
    const sessions = await store.list();
    expect(sessions.map((session) => [session.key, session.messages]).sort()).toEqual([
      ['cli:main', 1],
      [longKey, 2],
    ]);
    for (const session of sessions) expect(SessionSummarySchema.parse(session)).toEqual(session);
    expect(sessions.find((session) => session.key === 'cli:main')).toMatchObject({
      file: store.fileFor('cli:main'),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      issues: 0,
    });
  });

  it('filters by key prefix, orders by last write, counts damaged lines, and drops removed sessions', async () => {
    const store = new SessionStore({ workspace: ws.dir, fsync: false });
    const keys = ['gateway:alice/a', 'gateway:alice/b', 'gateway:alicia/c', 'gateway:bob/a', 'cli:main'];
    for (const key of keys) await store.append(key, [user(key), reply('ok')]);
    await store.append('gateway:alice/b', [user('more')]);
    await writeFile(store.fileFor('gateway:alice/a'), '{"broken\n', { flag: 'a' });
    // Last write times: b older than a.
    await utimes(store.fileFor('gateway:alice/b'), new Date('2020-01-01'), new Date('2020-01-01'));
    await utimes(store.fileFor('gateway:alice/a'), new Date('2021-01-01'), new Date('2021-01-01'));
    const alice = await store.list({ prefix: 'gateway:alice/' });
    expect(alice.map((session) => [session.key, session.messages, session.issues])).toEqual([
      ['gateway:alice/a', 2, 1],
      ['gateway:alice/b', 3, 0],
    ]);
    expect(alice[0]?.updatedAt).toBe('2021-01-01T00:00:00.000Z');
    expect((await store.list({ prefix: 'gateway:' })).map((session) => session.key).sort()).toEqual(
      keys.filter((key) => key.startsWith('gateway:')).sort(),
    );
    expect(await store.list({ prefix: 'nobody' })).toEqual([]);
    expect(await store.remove('gateway:alice/a')).toBe(true);
    expect((await store.list({ prefix: 'gateway:alice/' })).map((session) => session.key)).toEqual([
      'gateway:alice/b',
    ]);
  });

  it('lists nothing without a sessions directory, and rejects once the signal aborts', async () => {
    await mkdir(join(ws.dir, 'empty'));
    expect(await new SessionStore({ workspace: join(ws.dir, 'empty') }).list()).toEqual([]);
    const store = new SessionStore({ workspace: ws.dir, fsync: false });
    for (let index = 0; index < 20; index += 1) await store.append(`s${index}`, [user('x')]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(store.list({ signal: controller.signal })).rejects.toThrow('stop');
  });
});
