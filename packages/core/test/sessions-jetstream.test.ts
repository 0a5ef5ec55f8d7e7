import type { ChatMessage } from '@clawft/types';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../src/sessions/session-error.js';
import { createJetStreamSessionStore } from '../src/sessions-jetstream/create-jetstream-session-store.js';
import type { JetStreamSessionStore } from '../src/sessions-jetstream/jetstream-session-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

const user = (content: string): ChatMessage => ({ role: 'user', content });
const toolTurn = (id: string): ChatMessage[] => [
  { role: 'assistant', content: '', toolCalls: [{ id, name: 'exec', arguments: { command: `echo ${id}` } }] },
  { role: 'tool', toolCallId: id, name: 'exec', content: `${id}\n`, isError: false },
];
const reply = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });

const APPENDS: ChatMessage[][] = [
  [user('hello')],
  [...toolTurn('c1'), reply('ran c1')],
  [user('caf\u00e9 \u{1F600}')],
  [...toolTurn('c2'), ...toolTurn('c3')],
  [reply('bye')],
];

describe.skipIf(binary === undefined)('JetStreamSessionStore', () => {
  const server = useNatsServer(binary);
  const open: JetStreamSessionStore[] = [];
  let stream = 0;
  /** A store on this test's own stream (a new prefix and stream per test keeps them apart). */
  const storeFactory = () => {
    stream += 1;
    const nats = { servers: [server.url], sessionStream: `S${stream}`, subjectPrefix: `t${stream}` };
    return async () => {
      const store = await createJetStreamSessionStore({ config: { nats } });
      open.push(store);
      return store;
    };
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  it('stores one stream message per append and loads them back in order, from a second connection too', async () => {
    const newStore = storeFactory();
    const writer = await newStore();
    for (const messages of APPENDS) await writer.append('telegram:42', messages);
    const session = await writer.load('telegram:42');
    expect(session.messages).toEqual(APPENDS.flat());
    expect(session.issues).toEqual([]);
    expect(session.createdAt).toEqual(expect.any(String));
    const reader = await newStore();
    expect((await reader.load('telegram:42')).messages).toEqual(APPENDS.flat());
    expect((await reader.load('telegram:43')).messages).toEqual([]);

    const nc = await connect({ servers: server.url });
    try {
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(`S${stream}`, { subjects_filter: '>' });
      expect(info.state.messages).toBe(APPENDS.length);
      expect(info.state.subjects).toEqual({ [writer.subjectFor('telegram:42')]: APPENDS.length });
      expect(info.config).toMatchObject({ retention: 'limits', storage: 'file' });
    } finally {
      await nc.close();
    }
  });

  it('brings a cached history up to date with what another store appended, a few records or many', async () => {
    const newStore = storeFactory();
    const [reader, writer] = [await newStore(), await newStore()];
    const expected: ChatMessage[] = [];
    await reader.append('s', [user('start')]);
    expected.push(user('start'));
    for (const added of [1, 3, 8, 9, 25]) {
      await writer.load('s');
      for (let index = 0; index < added; index += 1) {
        const messages = index % 2 === 0 ? [user(`u${added}-${index}`)] : toolTurn(`c${added}-${index}`);
        await writer.append('s', messages);
        expected.push(...messages);
      }
      expect((await reader.load('s')).messages).toEqual(expected);
    }
  });

  it('gives every key its own valid subject', async () => {
    const store = await storeFactory()();
    const keys = ['a.b', 'a*b', 'a>b', 'a b', 'A.B', 'a%2Eb', 'x'.repeat(5000), `${'x'.repeat(5000)}y`, ''];
    const subjects = keys.map((key) => store.subjectFor(key));
    expect(new Set(subjects).size).toBe(keys.length);
    for (const subject of subjects) expect(subject).toMatch(/^t\d+\.session\.[A-Za-z0-9_%~-]+$/);
    for (const [index, key] of keys.entries()) await store.append(key, [user(`m${index}`)]);
    for (const [index, key] of keys.entries()) {
      expect((await store.load(key)).messages).toEqual([user(`m${index}`)]);
    }
  });

  it('refuses a tool call without its results, storing nothing', async () => {
    const store = await storeFactory()();
    const [call, result] = toolTurn('c1');
    await expect(store.append('s', [call as ChatMessage])).rejects.toMatchObject({
      kind: 'incomplete-tool-call',
    });
    await expect(store.append('s', [result as ChatMessage])).rejects.toMatchObject({
      kind: 'incomplete-tool-call',
    });
    expect((await store.load('s')).messages).toEqual([]);
  });

  it('stores an append retried at the same place once, and the same messages appended again twice', async () => {
    const newStore = storeFactory();
    const [first, second] = [await newStore(), await newStore()];
    await first.append('s', [user('hello')]);
    await first.load('s');
    await second.load('s');
    // Two writers (a retry after a lost ack, a redelivered turn) append the same record after the same history.
    await Promise.all([first.append('s', toolTurn('c1')), second.append('s', toolTurn('c1'))]);
    expect((await newStore().then((store) => store.load('s'))).messages).toEqual([
      user('hello'),
      ...toolTurn('c1'),
    ]);
    // The same message again later is a new append.
    await first.append('s', [user('hello')]);
    const third = await newStore();
    expect((await third.load('s')).messages).toEqual([user('hello'), ...toolTurn('c1'), user('hello')]);
  });

  it('refuses an append after another writer appended unseen (no interleaving), and loads again to go on', async () => {
    const newStore = storeFactory();
    const [first, second] = [await newStore(), await newStore()];
    await first.append('s', [user('one')]);
    await second.load('s');
    await second.append('s', [reply('two')]);
    const error = await first.append('s', [reply('stale')]).catch((caught: unknown) => caught);
    expect(SessionError.is(error) && error.kind).toBe('session-conflict');
    expect((error as SessionError).retryable).toBe(true);
    expect((await first.load('s')).messages).toEqual([user('one'), reply('two')]);
    await first.append('s', [user('three')]);
    expect((await second.load('s')).messages).toEqual([user('one'), reply('two'), user('three')]);
  });

  it('removes a session by purging its subject, seen by every store', async () => {
    const newStore = storeFactory();
    const [first, second] = [await newStore(), await newStore()];
    await first.append('gateway:a', [user('hello')]);
    await first.append('gateway:b', [user('other')]);
    expect((await second.load('gateway:a')).messages).toHaveLength(1);
    expect(await first.remove('gateway:a')).toBe(true);
    expect((await second.load('gateway:a')).messages).toEqual([]);
    expect(await first.remove('gateway:a')).toBe(false);
    await first.append('gateway:a', [user('again')]);
    // `second` had the old history cached: its first message is gone, so it reads the subject again whole.
    expect((await second.load('gateway:a')).messages).toEqual([user('again')]);
    expect((await second.load('gateway:b')).messages).toEqual([user('other')]);
  });

  it("tags records with the turn's message id and reply, so any store sees where a turn stands", async () => {
    const newStore = storeFactory();
    const [worker, other] = [await newStore(), await newStore()];
    const answer = { channel: 'http', chatId: 'c', content: 'done', media: [], metadata: {}, replyTo: 'm1' };
    await worker.append('s', [user('do it')], { messageId: 'm1' });
    await worker.append('s', toolTurn('c1'), { messageId: 'm1' });
    expect((await other.load('s')).turnOf('m1')).toEqual({ state: 'partial', userIndex: 0, endIndex: 3 });
    await worker.append('s', [reply('done')], { messageId: 'm1', reply: answer });
    const session = await other.load('s');
    expect(session.turnOf('m1')).toEqual({ state: 'done', reply: answer });
    expect(session.turnOf('m2')).toEqual({ state: 'none' });
  });

  it('fails a call on a closed store with session-unavailable', async () => {
    const store = await storeFactory()();
    await store.close();
    await expect(store.load('s')).rejects.toMatchObject({ kind: 'session-unavailable' });
  });
});
