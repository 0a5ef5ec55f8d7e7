import type { InboundMessage } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJetStreamBus } from '../src/index.js';
import { spawnWorker, stopWorker, type WorkerChild } from './helpers/jetstream-workers.js';
import { natsServerBinary, startNatsServer, type TestNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();
const SESSIONS = 50;
const PER_SESSION = 20;

function inbound(session: number, index: number): InboundMessage {
  const metadata = { messageId: `s${session}-m${index}` };
  return {
    channel: 'http',
    senderId: 'u',
    chatId: `s${session}`,
    content: `${session}:${index}`,
    media: [],
    metadata,
    timestamp: 0,
  };
}

describe.skipIf(binary === undefined)(
  'JetStreamBus per-session order across worker processes',
  { timeout: 30_000 },
  () => {
    let server: TestNatsServer;
    beforeAll(async () => {
      server = await startNatsServer(binary ?? '');
    }, 30_000);
    afterAll(async () => {
      await server?.dispose();
    }, 30_000);

    it('answers 50 sessions × 20 messages over 3 workers: none lost, none twice, each session in order', async () => {
      const config = {
        nats: { servers: [server.url], stream: 'ORDER', subjectPrefix: 'order', partitions: 16 },
      };
      const gateway = await createJetStreamBus({ config });
      const workers: WorkerChild[] = [];
      try {
        for (let index = 0; index < 3; index += 1) workers.push(await spawnWorker(config, 1));
        const answered = new Map<number, number[]>();
        let replies = 0;
        const done = new Promise<void>((resolve) => {
          gateway.subscribeOutbound({ channel: 'http' }, (reply) => {
            const [session, index] = reply.content.replace('done:', '').split(':').map(Number);
            const list = answered.get(session ?? -1) ?? [];
            list.push(index ?? -1);
            answered.set(session ?? -1, list);
            replies += 1;
            if (replies === SESSIONS * PER_SESSION) resolve();
          });
        });
        // Each session publishes in order; sessions publish concurrently.
        await Promise.all(
          Array.from({ length: SESSIONS }, async (_, session) => {
            for (let index = 0; index < PER_SESSION; index += 1)
              await gateway.publishInbound(inbound(session, index));
          }),
        );
        await done;
        await new Promise((resolve) => setTimeout(resolve, 200));
        const expected = Array.from({ length: PER_SESSION }, (_, index) => index);
        for (let session = 0; session < SESSIONS; session += 1)
          expect(answered.get(session)).toEqual(expected);
        expect(replies).toBe(SESSIONS * PER_SESSION);
        const pids = new Set(workers.flatMap((worker) => worker.lines.map((line) => line.pid)));
        expect(pids.size).toBe(3);
        expect(await gateway.transportMetrics()).toMatchObject({
          inboundDepth: 0,
          inFlight: 0,
          consumerLag: 0,
        });
      } finally {
        await Promise.all(workers.map(stopWorker));
        await gateway.close();
      }
    }, 120_000);
  },
);
