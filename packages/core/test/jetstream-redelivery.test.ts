import type { InboundMessage, OutboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createJetStreamBus } from '../src/index.js';
import { spawnWorker, stopWorker, type WorkerChild } from './helpers/jetstream-workers.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

function inbound(content: string, messageId: string): InboundMessage {
  return {
    channel: 'http',
    senderId: 'u',
    chatId: 'c1',
    content,
    media: [],
    metadata: { messageId },
    timestamp: 0,
  };
}

describe.skipIf(binary === undefined)('JetStreamBus redelivery', { timeout: 30_000 }, () => {
  const server = useNatsServer(binary);

  it('redelivers the message of a worker killed with SIGKILL mid-delivery to another, answered once', async () => {
    const nats = {
      servers: [server.url],
      stream: 'KILL',
      subjectPrefix: 'kill',
      partitions: 2,
      ackWaitMs: 1500,
    };
    const gateway = await createJetStreamBus({ config: { nats } });
    const workers: WorkerChild[] = [];
    try {
      // Each turn takes 2.5 s, longer than the ack wait: the progress beat must keep a live worker's delivery.
      for (let index = 0; index < 2; index += 1) workers.push(await spawnWorker({ nats }, 2500));
      const replies: OutboundMessage[] = [];
      gateway.subscribeOutbound({ inReplyTo: 'k1' }, (reply) => void replies.push(reply));
      await gateway.publishInbound(inbound('turn', 'k1'));
      const first = await Promise.race(workers.map((worker) => worker.next((line) => line.id === 'k1')));
      expect(first.count).toBe(1);
      const victim = workers.find((worker) => worker.child.pid === first.pid);
      const survivor = workers.find((worker) => worker.child.pid !== first.pid);
      victim?.child.kill('SIGKILL');
      const second = await survivor?.next((line) => line.id === 'k1');
      expect(second).toMatchObject({ count: 2 });
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(1);
      expect(replies[0]).toMatchObject({ content: 'done:turn', replyTo: 'k1' });
      // Nothing more arrives: the survivor acknowledged it.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(replies).toHaveLength(1);
      expect(survivor?.lines.filter((line) => line.id === 'k1')).toHaveLength(1);
      expect(await gateway.transportMetrics()).toMatchObject({ inboundDepth: 0, inFlight: 0 });
    } finally {
      await Promise.all(workers.map(stopWorker));
      await gateway.close();
    }
  }, 60_000);

  it('answers a poison message with an error reply after maxDeliver deliveries, then stops', async () => {
    const nats = {
      servers: [server.url],
      stream: 'POISON',
      subjectPrefix: 'poison',
      partitions: 1,
      maxDeliver: 2,
    };
    const gateway = await createJetStreamBus({ config: { nats } });
    const worker = await createJetStreamBus({ config: { nats }, consume: true });
    try {
      const replies: OutboundMessage[] = [];
      gateway.subscribeOutbound({ inReplyTo: 'p1' }, (reply) => void replies.push(reply));
      await gateway.publishInbound(inbound('poison', 'p1'));
      const counts: number[] = [];
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const delivery = await worker.receiveInbound();
        counts.push(delivery.deliveryCount);
        await delivery.nak();
      }
      expect(counts).toEqual([1, 2]);
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(1);
      expect(replies[0]?.metadata).toMatchObject({ error: { kind: 'poison-message', deliveries: 2 } });
      const nothing = worker.receiveInbound({ signal: AbortSignal.timeout(1500) });
      await expect(nothing).rejects.toMatchObject({ kind: 'aborted' });
      expect(await gateway.transportMetrics()).toMatchObject({ inboundDepth: 0 });
    } finally {
      await worker.close();
      await gateway.close();
    }
  }, 60_000);
});
