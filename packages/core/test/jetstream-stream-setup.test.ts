// Setting up clawft's streams on a real nats-server: two processes making the same stream at once (the race that
// made a `clawft worker` exit with "subjects overlap with an existing stream" while two others started beside it),
// and a stream of another name that already holds the bus's subjects (a config error naming the key to change).
import { ConfigError, NatsBusSchema } from '@clawft/types';
import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBucket, ensureStream } from '../src/bus-jetstream/ensure-stream.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { createJetStreamBus, createJetStreamSessionStore } from '../src/index.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

/** What the server answers the second of two identical creates in the race (nats-server 2.9). */
function overlapAnswer(): JetStreamApiError {
  return new JetStreamApiError({
    code: 400,
    err_code: 10065,
    description: 'subjects overlap with an existing stream',
  });
}

const binary = natsServerBinary();
describe.skipIf(binary === undefined)('JetStream stream setup', { timeout: 30_000 }, () => {
  const server = useNatsServer(binary);
  const connections: NatsConnection[] = [];
  const open = async (): Promise<NatsConnection> => {
    const connection = await connect({ servers: server.url });
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });

  it('takes "subjects overlap" as its own stream when another process made it meanwhile, and updates it', async () => {
    const mine = await jetstreamManager(await open());
    const peer = await jetstreamManager(await open());
    const stream = { name: 'RACE', subjects: ['race.in.*'], max_msgs: 1024 };
    // The peer's create lands between this create's name check and its subject check: the server answers overlap.
    const racing = {
      streams: {
        add: async () => {
          await peer.streams.add({ ...stream, max_msgs: 10 });
          throw overlapAnswer();
        },
        info: (name: string) => mine.streams.info(name),
        update: (name: string, config: typeof stream) => mine.streams.update(name, config),
      },
    } as unknown as typeof mine;
    await ensureStream(racing, stream, { update: true, subjectsKey: 'bus.nats.subjectPrefix' });
    const info = await mine.streams.info('RACE');
    expect(info.config.subjects).toEqual(['race.in.*']);
    // Ours is the config that stays: it was updated over the peer's.
    expect(info.config.max_msgs).toBe(1024);
  });

  it('opens the KV bucket another process made while this one was told "subjects overlap"', async () => {
    const mine = new Kvm(await open());
    const peer = new Kvm(await open());
    let creates = 0;
    const racing = {
      create: async (bucket: string, options: Parameters<Kvm['create']>[1]) => {
        creates += 1;
        if (creates > 1) return mine.create(bucket, options);
        await peer.create(bucket, options);
        throw overlapAnswer();
      },
    } as unknown as Kvm;
    const kv = await ensureBucket(racing, 'RACE_COSTS', { history: 1 });
    await kv.put('totals', 'x');
    expect((await (await peer.open('RACE_COSTS')).get('totals'))?.string()).toBe('x');
    expect(creates).toBe(2);
  });

  it('names bus.nats.subjectPrefix when a stream of another name holds the bus subjects', async () => {
    const jsm = await jetstreamManager(await open());
    await jsm.streams.add({ name: 'SOMEONE_ELSE', subjects: ['taken.in.*', 'taken.session.*'] });
    const config = { nats: { servers: [server.url], stream: 'TAKEN', subjectPrefix: 'taken' } };
    const failure = await createJetStreamBus({ config }).catch((error: unknown) => error);
    expect(ConfigError.is(failure)).toBe(true);
    expect(failure).toMatchObject({
      kind: 'config-invalid',
      issues: [{ path: 'bus.nats.subjectPrefix', received: 'taken.in.*' }],
    });
    expect((failure as Error).message).toContain('stream TAKEN');
    const sessions = await createJetStreamSessionStore({ config }).catch((error: unknown) => error);
    expect(sessions).toMatchObject({ kind: 'config-invalid', issues: [{ path: 'bus.nats.subjectPrefix' }] });
    // Nothing of ours was made beside the other stream.
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    expect(names).toContain('SOMEONE_ELSE');
    expect(names).not.toContain('TAKEN');
    expect(names).not.toContain('CLAWFT_SESSIONS');
  });

  it('sets up the bus, sessions and budget stores three at a time (as processes starting together do), three times', async () => {
    const config = { nats: { servers: [server.url], stream: 'TRIO', subjectPrefix: 'trio' } };
    const nats = NatsBusSchema.parse(config.nats);
    for (let round = 0; round < 3; round += 1) {
      const opened = await Promise.all(
        [1, 2, 3].map(async () => ({
          bus: await createJetStreamBus({ config, consume: true }),
          sessions: await createJetStreamSessionStore({ config }),
          budget: await openNatsBudgetStore({ nats }),
        })),
      );
      for (const { bus, sessions, budget } of opened)
        await Promise.all([bus.close(), sessions.close(), budget.close()]);
    }
    // Each stream once, whoever of the three made it.
    const jsm = await jetstreamManager(await open());
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    for (const name of ['TRIO', 'CLAWFT_SESSIONS', 'TRIO_COST_LEDGER', 'KV_TRIO_COSTS']) {
      expect(names.filter((each) => each === name)).toEqual([name]);
    }
  });
});
