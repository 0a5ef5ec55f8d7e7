// Issue 17's benchmark, with real `clawft serve` and `clawft worker` processes (the built CLI) and a fake
// OpenAI-compatible provider on 127.0.0.1:
// 1. Latency from the gateway to the reply: sequential non-streaming POST /v1/chat/completions against a gateway
//    running turns in its own process (bus.transport memory) and against a gateway on NATS JetStream with one
//    worker (bus.transport nats), rounds interleaved so load drifting hits both alike; p50 and p99 of each, and
//    what JetStream adds.
// 2. Turns per second with 1, 2 and 4 workers against a provider with 50 ms latency: each worker runs at most
//    TURNS_PER_WORKER turns at once; the bench publishes on the bus itself (BusTurnClient, CONCURRENCY turns in
//    flight, 256 sessions, 64 partitions), so the gateway is not what limits; ratios against 1 worker in the run.
// Needs nats-server on PATH (the bench starts its own on a free port). Run: pnpm build && cd apps/agent &&
// pnpm bench scale-out
import { BusTurnClient, createJetStreamBus, type JetStreamBusOptions } from '@clawft/core';
import { natsServerBinary } from '@clawft/core/testing';
import type { InboundMessage } from '@clawft/types';
import { type ScaleOut, startScaleOut } from '../test/scale-out-harness.js';

const LATENCY_ROUNDS = 6;
const LATENCY_PER_ROUND = 100;
/** Turns one worker runs at once (`agents.defaults.maxConcurrentTurns`); `SCALE_OUT_TURNS_PER_WORKER` overrides. */
const TURNS_PER_WORKER = Number(process.env.SCALE_OUT_TURNS_PER_WORKER ?? 2);
const PARTITIONS = 64;
const SESSIONS = 256;
const CONCURRENCY = 64;
const TURNS_PER_RUN = 800;
const PROVIDER_MS = 50;

const quantile = (values: readonly number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;

const binary = natsServerBinary();
if (binary === undefined) process.exit(0);

async function timedPosts(scale: ScaleOut, url: string, count: number, into: number[]): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const body = { model: 'clawft', messages: [{ role: 'user', content: `ping ${index}` }] };
    const started = performance.now();
    const response = await scale.post(url, '/v1/chat/completions', body);
    if (response.status !== 200) throw new Error(`status ${response.status}: ${response.body}`);
    into.push(performance.now() - started);
  }
}

async function latency(): Promise<void> {
  const scale = await startScaleOut(binary as string, {
    llm: { fallback: { type: 'answer', text: 'pong' } },
  });
  try {
    const local = await scale.gateway({ bus: { transport: 'memory' } });
    const remote = await scale.gateway();
    await scale.worker();
    const inProcess: number[] = [];
    const overNats: number[] = [];
    await timedPosts(scale, local.url, 20, []);
    await timedPosts(scale, remote.url, 20, []);
    for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
      const [first, second] = round % 2 === 0 ? [local, remote] : [remote, local];
      await timedPosts(scale, first.url, LATENCY_PER_ROUND, first === local ? inProcess : overNats);
      await timedPosts(scale, second.url, LATENCY_PER_ROUND, second === local ? inProcess : overNats);
    }
    console.log('\n### Gateway to reply, sequential non-streaming turns (fake provider answering at once)\n');
    console.log('| bus | turns | p50 ms | p99 ms |');
    console.log('| --- | ----: | -----: | -----: |');
    console.log(
      `| in-process (clawft serve alone) | ${inProcess.length} | ${quantile(inProcess, 0.5).toFixed(2)} | ${quantile(inProcess, 0.99).toFixed(2)} |`,
    );
    console.log(
      `| NATS JetStream (clawft serve + 1 clawft worker) | ${overNats.length} | ${quantile(overNats, 0.5).toFixed(2)} | ${quantile(overNats, 0.99).toFixed(2)} |`,
    );
    console.log(
      `\nJetStream adds ${(quantile(overNats, 0.5) - quantile(inProcess, 0.5)).toFixed(2)} ms at p50 and ${(quantile(overNats, 0.99) - quantile(inProcess, 0.99)).toFixed(2)} ms at p99.`,
    );
  } finally {
    await scale.close();
  }
}

function message(run: string, index: number): InboundMessage {
  return {
    channel: 'bench',
    senderId: 'bench',
    chatId: `s${index % SESSIONS}`,
    content: `turn ${index}`,
    media: [],
    metadata: { messageId: `${run}-${index}` },
    timestamp: Date.now(),
  };
}

async function turnsPerSecond(workers: number): Promise<number> {
  const llm = { fallback: { type: 'answer' as const, text: 'ok', firstTokenDelayMs: PROVIDER_MS } };
  const scale = await startScaleOut(binary as string, { llm });
  const overrides = {
    nats: { partitions: PARTITIONS, stream: `BENCH${workers}`, subjectPrefix: `bench${workers}` },
    agents: { maxConcurrentTurns: TURNS_PER_WORKER },
    bus: { store: process.env.SCALE_OUT_STORE ?? 'nats' },
  };
  const busConfig = (scale.config(overrides) as { bus: NonNullable<JetStreamBusOptions['config']> }).bus;
  const bus = await createJetStreamBus({ config: busConfig });
  try {
    for (let index = 0; index < workers; index += 1) await scale.worker(overrides);
    const client = new BusTurnClient(bus);
    const run = async (name: string, count: number): Promise<number> => {
      let next = 0;
      const started = performance.now();
      const lane = async () => {
        while (next < count) {
          const index = next;
          next += 1;
          const { outcome } = await client.runTurn(message(name, index));
          if (!outcome.success) throw new Error(`turn ${index} failed: ${outcome.content}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      return (count / (performance.now() - started)) * 1000;
    };
    await run('warm', 64);
    return await run('measured', TURNS_PER_RUN);
  } finally {
    await bus.close();
    await scale.close();
  }
}

if (process.env.SCALE_OUT_SKIP_LATENCY === undefined) await latency();
const rates = new Map<number, number>();
for (const workers of [1, 2, 4]) rates.set(workers, await turnsPerSecond(workers));
const one = rates.get(1) ?? Number.NaN;
console.log(
  `\n### Turns per second, provider latency ${PROVIDER_MS} ms, ${TURNS_PER_WORKER} turns at once per worker\n`,
);
console.log('| workers | turns/s | × 1 worker |');
console.log('| ------: | ------: | ---------: |');
for (const [workers, rate] of rates)
  console.log(`| ${workers} | ${rate.toFixed(1)} | ${(rate / one).toFixed(2)} |`);
