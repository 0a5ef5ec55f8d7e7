// The NATS server goes away while a turn runs: the loop cannot publish the reply (`bus-unavailable`), so it does not
// acknowledge the delivery; once the server is back the message is delivered again, and the loop answers it with
// the reply stored in the session (no second model call). The waiting client gets that reply.
import { describe, expect, it } from 'vitest';
import { BusTurnClient, createJetStreamBus } from '../src/index.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { recordingTransport, type SettleEvent, startBusLoop } from './loop-harness.js';

const binary = natsServerBinary();

describe.skipIf(binary === undefined)('AgentLoop when the NATS server restarts mid-turn', () => {
  const server = useNatsServer(binary);

  it('never acks a turn whose reply was lost, and answers the redelivery from the session', async () => {
    const nats = { servers: [server.url], stream: 'LO', subjectPrefix: 'lo', partitions: 1, ackWaitMs: 1500 };
    const client = await createJetStreamBus({ config: { nats } });
    const worker = await createJetStreamBus({ config: { nats }, consume: true });
    const log: SettleEvent[] = [];
    // A 3 s answer: the server is stopped while it streams.
    const agent = await startBusLoop({
      bus: recordingTransport(worker, log),
      primary: [{ type: 'answer', text: 'slow answer', chunks: 3, chunkDelayMs: 1000 }],
    });
    try {
      const running = new BusTurnClient(client).runTurn({
        channel: 'http',
        senderId: 'u1',
        chatId: 'outage',
        content: 'hello',
        media: [],
        metadata: { messageId: 'outage-1' },
        timestamp: Date.now(),
      });
      await expect.poll(() => agent.harness.primary.requests.length, { timeout: 20_000 }).toBe(1);
      await server.stop();
      await expect
        .poll(() => agent.problems.map((problem) => problem.type), { timeout: 20_000 })
        .toContain('reply-undelivered');
      expect(log.map((event) => event.action)).toEqual(['nak']);
      await server.start();

      const result = await running;
      expect(result.reply.content).toBe('slow answer');
      await expect
        .poll(() => log.map((event) => `${event.action}:${event.deliveryCount}`), { timeout: 20_000 })
        .toEqual(['nak:1', 'ack:2']);
      expect(agent.harness.primary.requests).toHaveLength(1);
      const session = await agent.sessions.load('http:outage');
      expect(session.messages.map((message) => message.content)).toEqual(['hello', 'slow answer']);
    } finally {
      await agent.close();
      await worker.close();
      await client.close();
    }
  }, 90_000);
});
