import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore } from '@clawft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSessions } from './list-sessions.js';

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'clawft-list-sessions-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('listSessions', () => {
  it('lists sessions by the key in their meta line, long (hashed) keys included, and skips other files', async () => {
    const store = new SessionStore({ workspace, fsync: false });
    const longKey = `telegram:${'x'.repeat(200)}`;
    await store.append('cli:main', [{ role: 'user', content: 'hi' }]);
    await store.append(longKey, [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b', toolCalls: [] },
    ]);
    const directory = join(workspace, 'sessions');
    await writeFile(join(directory, 'notes.jsonl'), '{"type":"messages"}\n');
    await writeFile(join(directory, 'broken.jsonl'), 'not json\n');
    // A meta line whose key does not map to this file name (copied by hand): not listed under a wrong key.
    await writeFile(
      join(directory, 'copy.jsonl'),
      '{"type":"meta","version":1,"key":"cli:main","createdAt":"x"}\n',
    );
    await writeFile(join(directory, 'README.md'), '# not a session');
    const sessions = await listSessions(store, directory);
    expect(sessions.map((session) => [session.key, session.messages]).sort()).toEqual([
      ['cli:main', 1],
      [longKey, 2],
    ]);
  });

  it('returns nothing when there is no sessions directory yet', async () => {
    await mkdir(join(workspace, 'empty'));
    const store = new SessionStore({ workspace: join(workspace, 'empty') });
    expect(await listSessions(store, join(workspace, 'empty', 'sessions'))).toEqual([]);
  });
});
