// Several SessionStores (as in several worker processes) on one workspace: each load sees the others' appends,
// reads only what was appended since, reloads a file that shrank or was replaced, and never cuts another
// writer's line as a torn tail. Records carry the inbound message id of their turn, and the final one its reply.
import { appendFile, open, readFile, rm, writeFile } from 'node:fs/promises';
import type { ChatMessage, OutboundMessage } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../src/sessions/session-store.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

const user = (content: string): ChatMessage => ({ role: 'user', content });
const answer = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });
const contents = (messages: readonly ChatMessage[]) => messages.map((message) => message.content);
const outbound = (content: string): OutboundMessage => ({
  channel: 'http',
  chatId: 'c',
  content,
  replyTo: 'm1',
  media: [],
  metadata: { turnId: 't1' },
});

describe('SessionStore shared by several instances', () => {
  it("sees the other instance's appends on every load, in file order", async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    const b = new SessionStore({ workspace: ws.dir, fsync: false });
    for (let index = 0; index < 10; index += 1) {
      const writer = index % 2 === 0 ? a : b;
      const reader = index % 2 === 0 ? b : a;
      await writer.append('k', [user(`m${index}`)]);
      expect(contents((await reader.load('k')).messages)).toEqual(
        Array.from({ length: index + 1 }, (_, i) => `m${i}`),
      );
    }
    // Both appended without reading in between: each sees both lines.
    await Promise.all([a.append('k', [user('x')]), b.append('k', [user('y')])]);
    for (const store of [a, b]) {
      const tail = contents((await store.load('k')).messages).slice(10);
      expect(tail.sort()).toEqual(['x', 'y']);
    }
    expect((await a.load('k')).issues).toEqual([]);
  });

  it('reads only the bytes appended since its last load', async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    await a.append('k', [user('first')]);
    await a.load('k');
    // Rewrite the first record in place (same length): a store that re-read the whole file would see it.
    const file = a.fileFor('k');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"first"', '"FIRST"'));
    await appendFile(file, `${JSON.stringify({ type: 'messages', at: 'x', messages: [user('second')] })}\n`);
    expect(contents((await a.load('k')).messages)).toEqual(['first', 'second']);
    expect(contents((await new SessionStore({ workspace: ws.dir }).load('k')).messages)).toEqual([
      'FIRST',
      'second',
    ]);
  });

  it('reloads a file that shrank, was replaced or was removed by another instance', async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    const b = new SessionStore({ workspace: ws.dir, fsync: false });
    await a.append('k', [user('one')]);
    await a.append('k', [user('two')]);
    expect(contents((await b.load('k')).messages)).toEqual(['one', 'two']);
    await b.remove('k');
    expect((await a.load('k')).messages).toEqual([]);
    await b.append('k', [user('three')]);
    expect(contents((await a.load('k')).messages)).toEqual(['three']);
    // Replaced by a shorter file (a new inode): read from the start.
    const file = a.fileFor('k');
    const replacement = `${JSON.stringify({ type: 'messages', at: 'x', messages: [user('4')] })}\n`;
    await writeFile(`${file}.new`, replacement);
    const { rename } = await import('node:fs/promises');
    await rename(`${file}.new`, file);
    expect(contents((await a.load('k')).messages)).toEqual(['4']);
    // Shrunk in place: read from the start.
    await a.append('k', [user('5')]);
    const handle = await open(file, 'r+');
    await handle.truncate(Buffer.byteLength(replacement));
    await handle.close();
    expect(contents((await a.load('k')).messages)).toEqual(['4']);
  });

  it('appends after what another instance wrote, removed or replaced since its own last append (no load between)', async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    const b = new SessionStore({ workspace: ws.dir, fsync: false });
    const fresh = () => new SessionStore({ workspace: ws.dir, fsync: false }).load('k');
    await a.append('k', [user('one')]);
    await b.append('k', [user('two')]);
    await a.append('k', [user('three')]);
    expect(contents((await a.load('k')).messages)).toEqual(['one', 'two', 'three']);
    expect(contents((await fresh()).messages)).toEqual(['one', 'two', 'three']);
    // Removed by another instance: the next append starts a new file, with its meta line.
    await b.remove('k');
    await a.append('k', [user('four')]);
    const lines = (await readFile(a.fileFor('k'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['meta', 'messages']);
    expect(contents((await fresh()).messages)).toEqual(['four']);
    // Replaced by rename (a new inode of the same size): the append goes to the new file, after its lines.
    const file = a.fileFor('k');
    await writeFile(`${file}.new`, await readFile(file));
    const { rename } = await import('node:fs/promises');
    await rename(`${file}.new`, file);
    await a.append('k', [user('five')]);
    expect(contents((await fresh()).messages)).toEqual(['four', 'five']);
    expect(contents((await a.load('k')).messages)).toEqual(['four', 'five']);
  });

  it("never cuts another writer's line that completed a tail it had seen torn", async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    await a.append('k', [user('one')]);
    const file = a.fileFor('k');
    const line = `${JSON.stringify({ type: 'messages', at: 'x', messages: [user('other')] })}\n`;
    // Another writer's line, seen half written…
    await appendFile(file, line.slice(0, 20));
    expect((await a.load('k')).issues.map((issue) => issue.reason)).toEqual(['torn-line']);
    // … then completed.
    await appendFile(file, line.slice(20));
    await a.append('k', [user('mine')]);
    const fresh = await new SessionStore({ workspace: ws.dir }).load('k');
    expect(contents(fresh.messages)).toEqual(['one', 'other', 'mine']);
    expect(fresh.issues).toEqual([]);
    expect(contents((await a.load('k')).messages)).toEqual(['one', 'other', 'mine']);
  });

  it('tags records with their message id, and knows each turn as none, partial or done', async () => {
    const a = new SessionStore({ workspace: ws.dir, fsync: false });
    await a.append('k', [user('old, untagged')]);
    await a.append('k', [answer('old answer')]);
    await a.append('k', [user('hi')], { messageId: 'm1' });
    const partial = await a.load('k');
    expect(partial.turnOf('m1')).toEqual({ state: 'partial', userIndex: 2, endIndex: 3 });
    expect(partial.turnOf('m2')).toEqual({ state: 'none' });
    await a.append('k', [answer('hello')], { messageId: 'm1', reply: outbound('hello') });
    const b = new SessionStore({ workspace: ws.dir });
    const done = await b.load('k');
    expect(done.turnOf('m1')).toEqual({ state: 'done', reply: outbound('hello') });
    // The snapshot loaded before is not changed by the later append.
    expect(partial.turnOf('m1').state).toBe('partial');
    expect(contents(done.messages)).toEqual(['old, untagged', 'old answer', 'hi', 'hello']);
    await rm(a.fileFor('k'));
  });
});
