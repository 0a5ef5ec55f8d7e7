// Publish → consume → reply latency of the bus on NATS JetStream against the in-process MessageBus, side by side
// in one run (alternating rounds, so load drifting on the machine hits both alike). Starts its own nats-server
// (from PATH) on a free port with a temporary store. Prints a markdown table.
// Run: pnpm build && cd packages/core && node --import tsx bench/jetstream.bench.ts   (or: pnpm bench jetstream)

import { type BusTransport, createJetStreamBus, MessageBus } from '@clawft/core';
import type { InboundMessage } from '@clawft/types';
import { natsServerBinary, startNatsServer } from '../test/helpers/nats-server.js';

const ROUNDS = 5;
const PER_ROUND = 300;

/** Milliseconds from each publish to its reply at the publisher, one message at a time. */
async function roundTrips(gateway: BusTransport, worker: BusTransport, label: string): Promise<number[]> {
  const samples: number[] = [];
  const stop = new AbortController();
  const serving = (async () => {
    for (;;) {
      const delivery = await worker.receiveInbound({ signal: stop.signal }).catch(() => undefined);
      if (delivery === undefined) return;
      await delivery.reply({
        channel: 'bench',
        chatId: delivery.message.chatId,
        content: 'ok',
        media: [],
        metadata: {},
      });
      await delivery.ack();
    }
  })();
  for (let index = 0; index < PER_ROUND; index += 1) {
    const messageId = `${label}-${index}-${Math.random()}`;
    const message: InboundMessage = {
      channel: 'bench',
      senderId: 'b',
      chatId: `c${index % 8}`,
      content: 'ping',
      media: [],
      metadata: { messageId },
      timestamp: Date.now(),
    };
    const started = performance.now();
    const replied = new Promise<void>((resolve) => {
      const unsubscribe = gateway.subscribeOutbound({ inReplyTo: messageId }, () => {
        unsubscribe();
        resolve();
      });
    });
    await gateway.publishInbound(message);
    await replied;
    samples.push(performance.now() - started);
  }
  stop.abort();
  await serving;
  return samples;
}

function percentile(samples: number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

const binary = natsServerBinary();
if (binary === undefined) process.exit(0);
const server = await startNatsServer(binary);
const memory = new MessageBus();
const dispatching = new AbortController();
const dispatch = memory.dispatchOutbound({ signal: dispatching.signal });
const config = { nats: { servers: [server.url], stream: 'BENCH', subjectPrefix: 'bench', partitions: 16 } };
const gateway = await createJetStreamBus({ config });
const worker = await createJetStreamBus({ config, consume: true });
const results = { memory: [] as number[], jetstream: [] as number[] };
try {
  await roundTrips(gateway, worker, 'warm');
  for (let round = 0; round < ROUNDS; round += 1) {
    results.memory.push(...(await roundTrips(memory, memory, `m${round}`)));
    results.jetstream.push(...(await roundTrips(gateway, worker, `j${round}`)));
  }
} finally {
  await worker.close();
  await gateway.close();
  dispatching.abort();
  await dispatch;
  await server.dispose();
}
const row = (name: string, samples: number[]) =>
  `| ${name} | ${samples.length} | ${percentile(samples, 0.5).toFixed(3)} | ${percentile(samples, 0.99).toFixed(3)} |`;
console.log('| bus | round trips | p50 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: |');
console.log(row('MessageBus (in-process)', results.memory));
console.log(row('JetStream (file storage, ack after reply)', results.jetstream));
const added = (share: number) => percentile(results.jetstream, share) - percentile(results.memory, share);
console.log(`\nJetStream adds ${added(0.5).toFixed(3)} ms at p50 and ${added(0.99).toFixed(3)} ms at p99.`);
