import type { InboundMessage, OverflowPolicy } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJetStreamBus } from '../src/index.js';
import { natsServerBinary, startNatsServer, type TestNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

function inbound(index: number): InboundMessage {
  const metadata = { messageId: `o${index}` };
  return {
    channel: 'http',
    senderId: 'u',
    chatId: `c${index % 3}`,
    content: `m${index}`,
    media: [],
    metadata,
    timestamp: 0,
  };
}

describe.skipIf(binary === undefined)(
  'JetStreamBus overflow policies with a stalled consumer',
  { timeout: 30_000 },
  () => {
    let server: TestNatsServer;
    beforeAll(async () => {
      server = await startNatsServer(binary ?? '');
    }, 30_000);
    afterAll(async () => {
      await server?.dispose();
    }, 30_000);

    /** A gateway on its own stream of capacity 5 (nobody consumes: the worker is stalled). */
    async function gatewayFor(policy: OverflowPolicy, extra: object = {}, partitions = 2) {
      const name = policy.replace('-', '_').toUpperCase();
      const nats = { servers: [server.url], stream: name, subjectPrefix: name.toLowerCase(), partitions };
      const config = { inboundCapacity: 5, overflowPolicy: policy, nats, ...extra };
      return { config, bus: await createJetStreamBus({ config }) };
    }

    it('reject: fails the sixth publish with bus-full and holds five', async () => {
      const { bus } = await gatewayFor('reject');
      try {
        for (let index = 0; index < 5; index += 1)
          expect(await bus.publishInbound(inbound(index))).toBe('accepted');
        await expect(bus.publishInbound(inbound(5))).rejects.toMatchObject({ kind: 'bus-full', capacity: 5 });
        expect(await bus.transportMetrics()).toMatchObject({ inboundDepth: 5, dropped: { rejected: 1 } });
      } finally {
        await bus.close();
      }
    });

    it('drop-newest: discards the new messages, counted, and holds the first five', async () => {
      const { bus } = await gatewayFor('drop-newest');
      try {
        const outcomes = [];
        for (let index = 0; index < 7; index += 1) outcomes.push(await bus.publishInbound(inbound(index)));
        expect(outcomes.slice(5)).toEqual(['dropped-newest', 'dropped-newest']);
        expect(await bus.transportMetrics()).toMatchObject({ inboundDepth: 5, dropped: { newest: 2 } });
      } finally {
        await bus.close();
      }
    });

    it('drop-oldest: discards the oldest waiting message, counted, never the one in flight', async () => {
      // One partition: the stalled worker holds exactly one message in flight.
      const { bus, config } = await gatewayFor('drop-oldest', {}, 1);
      const worker = await createJetStreamBus({ config, consume: true });
      try {
        await bus.publishInbound(inbound(0));
        const stalled = await worker.receiveInbound();
        const outcomes = [];
        for (let index = 1; index < 8; index += 1) outcomes.push(await bus.publishInbound(inbound(index)));
        // m0 (in flight) and m1…m4 fill the stream; m5, m6, m7 each evict the oldest waiting one: m1, m2, m3.
        expect(outcomes.filter((outcome) => outcome === 'dropped-oldest')).toHaveLength(3);
        expect(await bus.transportMetrics()).toMatchObject({ inboundDepth: 5, dropped: { oldest: 3 } });
        await stalled.ack();
        const seen = [];
        for (;;) {
          const delivery = await worker
            .receiveInbound({ signal: AbortSignal.timeout(1500) })
            .catch(() => undefined);
          if (delivery === undefined) break;
          seen.push(delivery.message.content);
          await delivery.ack();
        }
        expect(seen).toEqual(['m4', 'm5', 'm6', 'm7']);
      } finally {
        await worker.close();
        await bus.close();
      }
    }, 30_000);

    it('block: waits for space until sendTimeoutMs, then fails with bus-full; space lets it through', async () => {
      const { bus, config } = await gatewayFor('block', { sendTimeoutMs: 400 });
      try {
        for (let index = 0; index < 5; index += 1) await bus.publishInbound(inbound(index));
        await expect(bus.publishInbound(inbound(5))).rejects.toMatchObject({ kind: 'bus-full' });
        const controller = new AbortController();
        const abandoned = bus.publishInbound(inbound(7), { signal: controller.signal });
        controller.abort();
        await expect(abandoned).rejects.toMatchObject({ kind: 'aborted' });
        const waiting = bus.publishInbound(inbound(6), { timeoutMs: 20_000 });
        const worker = await createJetStreamBus({ config, consume: true });
        try {
          const delivery = await worker.receiveInbound();
          await delivery.ack();
          expect(await waiting).toBe('accepted');
          expect((await bus.transportMetrics()).inboundDepth).toBeLessThanOrEqual(5);
        } finally {
          await worker.close();
        }
      } finally {
        await bus.close();
      }
    }, 30_000);

    it('holds the byte bound: reject refuses what would pass bus.maxBytes', async () => {
      const nats = { servers: [server.url], stream: 'BYTES', subjectPrefix: 'bytes', partitions: 2 };
      const config = { inboundCapacity: 1000, maxBytes: 4096, overflowPolicy: 'reject' as const, nats };
      const bus = await createJetStreamBus({ config });
      try {
        let rejected = 0;
        for (let index = 0; index < 40 && rejected === 0; index += 1) {
          await bus
            .publishInbound({ ...inbound(index), content: 'x'.repeat(400) })
            .catch(() => (rejected += 1));
        }
        expect(rejected).toBe(1);
        const metrics = await bus.transportMetrics();
        expect(metrics.inboundDepth).toBeGreaterThan(0);
        expect(metrics.inboundDepth).toBeLessThan(11);
      } finally {
        await bus.close();
      }
    });
  },
);
