// Turns per second over the JetStream bus with 1, 2 and 4 worker processes, each turn a 50 ms wait standing in
// for a provider with 50 ms latency, each worker taking one delivery at a time (test/fixtures/jetstream-worker.ts).
// 64 sessions × 4 messages per run, 16 partitions. Ratios are against 1 worker in the same run.
// Run: pnpm build && cd packages/core && node --import tsx bench/jetstream-workers.bench.ts

import { createJetStreamBus } from '@clawft/core';
import type { InboundMessage } from '@clawft/types';
import { spawnWorker, stopWorker, type WorkerChild } from '../test/helpers/jetstream-workers.js';
import { natsServerBinary, startNatsServer } from '../test/helpers/nats-server.js';

const SESSIONS = 64;
const PER_SESSION = 4;
const TURN_MS = 50;

const binary = natsServerBinary();
if (binary === undefined) process.exit(0);
const server = await startNatsServer(binary);

async function turnsPerSecond(workerCount: number): Promise<number> {
  const nats = {
    servers: [server.url],
    stream: `W${workerCount}`,
    subjectPrefix: `w${workerCount}`,
    partitions: 16,
  };
  const gateway = await createJetStreamBus({ config: { nats } });
  const workers: WorkerChild[] = [];
  try {
    for (let index = 0; index < workerCount; index += 1) workers.push(await spawnWorker({ nats }, TURN_MS));
    let replies = 0;
    const total = SESSIONS * PER_SESSION;
    const done = new Promise<void>((resolve) => {
      gateway.subscribeOutbound({ channel: 'bench' }, () => {
        replies += 1;
        if (replies === total) resolve();
      });
    });
    const started = performance.now();
    for (let index = 0; index < PER_SESSION; index += 1) {
      for (let session = 0; session < SESSIONS; session += 1) {
        const message: InboundMessage = {
          channel: 'bench',
          senderId: 'b',
          chatId: `s${session}`,
          content: `${index}`,
          media: [],
          metadata: { messageId: `w${workerCount}-s${session}-${index}` },
          timestamp: 0,
        };
        await gateway.publishInbound(message);
      }
    }
    await done;
    return (total / (performance.now() - started)) * 1000;
  } finally {
    await Promise.all(workers.map(stopWorker));
    await gateway.close();
  }
}

const results: [number, number][] = [];
try {
  for (const count of [1, 2, 4]) results.push([count, await turnsPerSecond(count)]);
} finally {
  await server.dispose();
}
const base = results[0]?.[1] ?? Number.NaN;
console.log('| workers | turns/s | × 1 worker |');
console.log('| ---: | ---: | ---: |');
for (const [count, rate] of results)
  console.log(`| ${count} | ${rate.toFixed(1)} | ${(rate / base).toFixed(2)} |`);
