// Cost of withFailover: per-chunk overhead of withFailover(withRetry(provider)) over the bare provider (in process,
// and over loopback on 10k-chunk recorded streams), and the time from a fault to the first part of the next target
// (a stall past idleMs; a connection reset). Prints markdown tables.
// Run: cd packages/llm && pnpm bench failover
import type { ChatRequest, LlmProvider } from '@clawft/types';
import { Agent } from 'undici';
import { withFailover } from '../src/failover/with-failover.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { createFakeLlmServer } from '../src/testing/index.js';
import { renderOpenAi } from '../src/testing/render-openai.js';
import { createScriptedProvider } from '../src/testing/scripted-provider.js';
import { chunkedText, resetAfterTextParts, stalledAnswer, startEndpoint } from '../test/failover-helpers.js';

const CHUNKS = 10_000;
const RUNS = 15;
const WARMUP = 3;
const IDLE_MS = 200;
const request: ChatRequest = {
  model: 'fake-model',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const wrap = (provider: LlmProvider) =>
  withFailover([withRetry(provider, { maxRetries: 2 }, { budget: false })]);

/** Wall and CPU (user + system, whole process) ns per chunk of draining `provider.stream` once. */
async function drain(provider: LlmProvider): Promise<{ wall: number; cpu: number }> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let parts = 0;
  for await (const _ of provider.stream(request)) parts += 1;
  const wall = Number(process.hrtime.bigint() - started);
  const cpu = process.cpuUsage(cpuBefore);
  if (parts < CHUNKS) throw new Error(`expected ${CHUNKS} parts, got ${parts}`);
  return { wall: wall / CHUNKS, cpu: ((cpu.user + cpu.system) * 1000) / CHUNKS };
}

/** Medians of wall and CPU ns per chunk for [bare, wrapped], runs interleaved so machine noise hits both alike. */
async function compare(bare: LlmProvider, wrapped: LlmProvider) {
  const samples = {
    bareWall: [] as number[],
    bareCpu: [] as number[],
    wrappedWall: [] as number[],
    wrappedCpu: [] as number[],
  };
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    const plain = await drain(bare);
    const layered = await drain(wrapped);
    if (run < WARMUP) continue;
    samples.bareWall.push(plain.wall);
    samples.bareCpu.push(plain.cpu);
    samples.wrappedWall.push(layered.wall);
    samples.wrappedCpu.push(layered.cpu);
  }
  return {
    wall: [median(samples.bareWall), median(samples.wrappedWall)],
    cpu: [median(samples.bareCpu), median(samples.wrappedCpu)],
  };
}

async function overheadRows(): Promise<string[]> {
  const chunks = Array.from({ length: CHUNKS }, (_, index) => `tok${(index % 90) + 10} `);
  const scripted = createScriptedProvider({ id: 'mem', turns: [{ type: 'answer', chunks }] });
  const inProcess = await compare(scripted, wrap(scripted));

  const text = chunks.join('');
  const rendered = renderOpenAi({ type: 'answer', text, chunks: CHUNKS }, 'fake-model');
  const body = Buffer.from([...rendered.head, ...rendered.chunks, ...rendered.tail].join(''));
  const server = await createFakeLlmServer({ script: () => ({ type: 'raw', body, pieceBytes: 16 * 1024 }) });
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const http = createOpenAiCompatibleProvider({
    id: 'fake',
    baseUrl: server.openAiBaseUrl,
    dispatcher: agent,
  });
  const loopback = await compare(http, wrap(http));
  await agent.close();
  await server.close();
  const us = (ns: number | undefined) => ((ns ?? 0) / 1000).toFixed(2);
  const row = (name: string, { wall, cpu }: { wall: number[]; cpu: number[] }) =>
    `| ${name} | ${us(wall[0])} | ${us(wall[1])} | ${us((wall[1] ?? 0) - (wall[0] ?? 0))} | ${us(cpu[0])} | ${us(cpu[1])} | ${us((cpu[1] ?? 0) - (cpu[0] ?? 0))} |`;
  return [
    '| 10k-chunk stream | bare wall µs/chunk | wrapped wall µs/chunk | overhead wall | bare CPU µs/chunk | wrapped CPU µs/chunk | overhead CPU |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('in-process scripted provider', inProcess),
    row('OpenAI-compatible provider over loopback', loopback),
  ];
}

/** ms from A's last part to B's first text part, for a stall past idleMs or a reset, over `runs` runs. */
async function faultToNext(fault: 'stall' | 'reset', runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const b = await startEndpoint({
      id: 'b',
      script: () => ({ type: 'answer', text: 'B answers', chunks: 3 }),
    });
    const stalled = await startEndpoint({
      id: 'a',
      idleMs: fault === 'stall' ? IDLE_MS : 2_000,
      script: [
        fault === 'stall'
          ? {
              type: 'answer',
              text: chunkedText('A', 20),
              chunks: 20,
              stallAfterChunks: 10,
              keepaliveEveryMs: 20,
            }
          : stalledAnswer(10),
      ],
    });
    // reset: the server resets the connection as soon as A's 10th part has been read.
    const a =
      fault === 'stall' ? stalled.provider : resetAfterTextParts(stalled.provider, stalled.server, 10);
    let lastA = 0;
    let firstB = 0;
    for await (const part of withFailover([a, b.provider]).stream(request)) {
      if (part.type === 'text-delta' && part.provider === 'a') lastA = performance.now();
      if (part.type === 'text-delta' && part.provider === 'b' && firstB === 0) firstB = performance.now();
    }
    samples.push(firstB - lastA);
    await stalled.close();
    await b.close();
  }
  return samples;
}

async function faultRows(): Promise<string[]> {
  const stall = await faultToNext('stall', 8);
  const reset = await faultToNext('reset', 8);
  const row = (name: string, samples: number[], budget: string) =>
    `| ${name} | ${median(samples).toFixed(1)} | ${Math.max(...samples).toFixed(1)} | ${budget} |`;
  return [
    `| fault on A → first part of B | median ms | max ms | bound |`,
    '|---|---|---|---|',
    row(
      `stall (keepalives only), idleMs = ${IDLE_MS}, from A's last part`,
      stall,
      `idleMs + 100 = ${IDLE_MS + 100}`,
    ),
    row('connection reset (RST), from the reset', reset, '—'),
  ];
}

console.log((await overheadRows()).join('\n'));
console.log();
console.log((await faultRows()).join('\n'));
