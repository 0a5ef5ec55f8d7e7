import type { ChatMessage } from '@clawft/types';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../src/sessions/session-error.js';
import { encodeLine } from '../src/sessions/session-log.js';
import { SessionSummarySchema } from '../src/sessions/session-summary.js';
import { createJetStreamSessionStore } from '../src/sessions-jetstream/create-jetstream-session-store.js';
import type { JetStreamSessionStore } from '../src/sessions-jetstream/jetstream-session-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

const user = (content: string): ChatMessage => ({ role: 'user', content });
const reply = (content: string): ChatMessage => ({ role: 'assistant', content, toolCalls: [] });
const toolTurn = (id: string): ChatMessage[] => [
  { role: 'assistant', content: '', toolCalls: [{ id, name: 'exec', arguments: { command: `echo ${id}` } }] },
  { role: 'tool', toolCallId: id, name: 'exec', content: `${id}\n`, isError: false },
];

describe.skipIf(binary === undefined)('JetStreamSessionStore#list', { timeout: 180_000 }, () => {
  const server = useNatsServer(binary);
  const open: JetStreamSessionStore[] = [];
  const connections: NatsConnection[] = [];
  let stream = 0;
  /** Stores on this test's own stream and prefix. */
  const storeFactory = (options: { retryTimeoutMs?: number } = {}) => {
    stream += 1;
    const nats = { servers: [server.url], sessionStream: `L${stream}`, subjectPrefix: `l${stream}` };
    return async () => {
      const store = await createJetStreamSessionStore({ config: { nats }, ...options });
      open.push(store);
      return store;
    };
  };
  const rawConnection = async () => {
    const nc = await connect({ servers: server.url });
    connections.push(nc);
    return nc;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await Promise.all(connections.splice(0).map((nc) => nc.close()));
  });

  it('lists every session with its message count and times, from another connection, long keys included', async () => {
    const newStore = storeFactory();
    const writer = await newStore();
    const longKey = `telegram:${'\u00e9'.repeat(100)}`;
    await writer.append('cli:main', [user('hi')]);
    await writer.append('cli:main', [...toolTurn('c1'), reply('ran c1')]);
    await writer.append(longKey, [user('a'), reply('b')]);
    await writer.append('', [user('empty key')]);
    const reader = await newStore();
    const sessions = await reader.list();
    expect(sessions.map((session) => [session.key, session.messages]).sort()).toEqual([
      ['', 1],
      ['cli:main', 4],
      [longKey, 2],
    ]);
    for (const session of sessions) {
      expect(SessionSummarySchema.parse(session)).toEqual(session);
      expect(session.file).toBe(reader.subjectFor(session.key));
      expect(session.bytes).toBeUndefined();
      expect(Date.parse(session.createdAt)).toBeLessThanOrEqual(Date.parse(session.updatedAt));
    }
    const main = sessions.find((session) => session.key === 'cli:main');
    const loaded = await reader.load('cli:main');
    expect(main?.createdAt).toBe(loaded.createdAt);
    // The newest write first.
    expect(sessions[0]?.key).toBe('');
    // What a listing reads instead of the history: the key on the first record, the count on every one.
    const jsm = await jetstreamManager(await rawConnection());
    const subject = reader.subjectFor('cli:main');
    const first = await jsm.direct.getMessage(`L${stream}`, { next_by_subj: subject, seq: 1 });
    const last = await jsm.direct.getMessage(`L${stream}`, { last_by_subj: subject });
    expect(first?.header.get('Clawft-Session-Key')).toBe('cli%3Amain');
    expect(first?.header.get('Clawft-Session-Messages')).toBe('1');
    expect(last?.header.get('Clawft-Session-Key')).toBe('');
    expect(last?.header.get('Clawft-Session-Messages')).toBe('4');
  });

  it('filters by key prefix and does not list removed sessions', async () => {
    const newStore = storeFactory();
    const store = await newStore();
    const keys = ['gateway:alice/a', 'gateway:alice/b', 'gateway:alicia/c', 'gateway:bob/a', 'cli:main'];
    for (const key of keys) await store.append(key, [user(key)]);
    const other = await newStore();
    expect((await other.list({ prefix: 'gateway:alice/' })).map((session) => session.key).sort()).toEqual([
      'gateway:alice/a',
      'gateway:alice/b',
    ]);
    expect((await other.list({ prefix: 'gateway:' })).map((session) => session.key).sort()).toEqual(
      keys.filter((key) => key.startsWith('gateway:')).sort(),
    );
    expect(await other.list({ prefix: 'nobody' })).toEqual([]);
    expect(await store.remove('gateway:alice/a')).toBe(true);
    expect((await other.list({ prefix: 'gateway:alice/' })).map((session) => session.key)).toEqual([
      'gateway:alice/b',
    ]);
    // Appended again after the removal: listed again, counted from the new first record.
    await store.append('gateway:alice/a', [user('again'), reply('yes')]);
    const again = await other.list({ prefix: 'gateway:alice/a' });
    expect(again.map((session) => [session.key, session.messages])).toEqual([['gateway:alice/a', 2]]);
  });

  it('lists 300 sessions written at once with their exact counts', async () => {
    const newStore = storeFactory();
    const store = await newStore();
    const keys = Array.from({ length: 300 }, (_, index) => `gateway:s${index % 3}/${index}`);
    await Promise.all(
      keys.map(async (key, index) => {
        await store.append(key, [user(key)]);
        for (let turn = 0; turn < index % 4; turn += 1) await store.append(key, toolTurn(`c${turn}`));
      }),
    );
    const listed = await (await newStore()).list();
    expect(listed).toHaveLength(300);
    const counts = new Map(listed.map((session) => [session.key, session.messages]));
    keys.forEach((key, index) => {
      expect(counts.get(key)).toBe(1 + 2 * (index % 4));
    });
    expect(await store.list({ prefix: 'gateway:s1/' })).toHaveLength(100);
  });

  it('lists records written without the headers: the key from the subject, the count from the history', async () => {
    const newStore = storeFactory();
    const store = await newStore();
    const nc = await rawConnection();
    const js = jetstream(nc);
    const record = (messages: ChatMessage[]) =>
      encodeLine({ type: 'messages', at: new Date().toISOString(), messages });
    await js.publish(store.subjectFor('old:1'), record([user('a'), reply('b')]));
    await js.publish(store.subjectFor('old:1'), record([user('c')]));
    // A hashed token without a key header cannot be named: not listed.
    await js.publish(store.subjectFor(`old:${'x'.repeat(200)}`), record([user('a')]));
    const listed = await store.list();
    expect(listed.map((session) => [session.key, session.messages])).toEqual([['old:1', 3]]);
  });

  it('pages through more subjects than one stream info response holds', async () => {
    // A busy server takes seconds to send 100,000 subjects: one attempt may take up to listTimeoutMs (60 s).
    const newStore = storeFactory({ retryTimeoutMs: 120_000 });
    const store = await newStore();
    for (const key of ['zed:1', 'zed:2', 'zed:3']) await store.append(key, [user(key)]);
    // 100,010 other subjects of the session stream, published without acks (a listing never gets to read them).
    const nc = await rawConnection();
    const base = store.subjectFor('j').slice(0, -1);
    const total = 100_010;
    for (let index = 0; index < total; index += 1) {
      nc.publish(`${base}j${String(index).padStart(6, '0')}`, 'x');
      if (index % 5000 === 0) await nc.flush();
    }
    await nc.flush();
    const jsm = await jetstreamManager(nc);
    await expect
      .poll(async () => (await jsm.streams.info(`L${stream}`)).state.messages, { timeout: 120_000 })
      .toBe(total + 3);
    // The server sends the subjects sorted, 100,000 per response: the `zed` sessions are on the second page.
    const first = await nc.request(
      `$JS.API.STREAM.INFO.L${stream}`,
      JSON.stringify({ subjects_filter: `${base}*` }),
      { timeout: 30_000 },
    );
    const page = first.json<{ total: number; limit: number; state: { subjects: Record<string, number> } }>();
    expect(page.total).toBe(total + 3);
    expect(Object.keys(page.state.subjects)).toHaveLength(page.limit);
    expect(page.state.subjects[store.subjectFor('zed:1')]).toBeUndefined();
    const listed = await store.list({ prefix: 'zed:' });
    expect(listed.map((session) => session.key).sort()).toEqual(['zed:1', 'zed:2', 'zed:3']);
  });

  it('rejects when the signal aborts', async () => {
    const store = await storeFactory()();
    await store.append('a', [user('a')]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(store.list({ signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe.skipIf(binary === undefined)(
  'JetStreamSessionStore#list without a server',
  { timeout: 60_000 },
  () => {
    const server = useNatsServer(binary);

    it('fails with session-unavailable once the server has not answered for retryTimeoutMs', async () => {
      const nats = { servers: [server.url], sessionStream: 'DOWN', subjectPrefix: 'down' };
      const store = await createJetStreamSessionStore({
        config: { nats },
        retryTimeoutMs: 1000,
        requestTimeoutMs: 300,
      });
      try {
        await store.append('a', [user('a')]);
        await server.stop();
        const error = await store.list().catch((caught: unknown) => caught);
        expect(SessionError.is(error)).toBe(true);
        expect(error).toMatchObject({ kind: 'session-unavailable', retryable: true });
        await server.start();
        await expect
          .poll(async () => (await store.list().catch(() => [])).map((session) => session.key), {
            timeout: 30_000,
          })
          .toEqual(['a']);
      } finally {
        await store.close();
      }
    });
  },
);
