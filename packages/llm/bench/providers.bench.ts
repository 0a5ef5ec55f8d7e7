// Parse throughput and per-chunk overhead of @clawft/llm on recorded 10k-chunk streams served over loopback,
// side by side with a floor (undici + a line splitter + JSON.parse), plain fetch and the official `openai`
// package, CPU ratios against the floor measured in the same run. Prints a markdown table.
// Run: cd packages/llm && pnpm bench providers
// It measures the built package, as users run it (`pnpm bench` builds first): a source transform (tsx) adds work of
// its own, such as a name-keeping call for each function made inside a hot function.

import {
  createAnthropicProvider,
  createOpenAiCompatibleProvider,
  withFailover,
  withRetry,
} from '@clawft/llm';
import { createFakeLlmServer } from '@clawft/llm/testing';
import type { ChatRequest, LlmProvider } from '@clawft/types';
import { SseParser } from '@clawft/types/internal';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { Agent, request as undiciRequest } from 'undici';
import { renderAnthropic } from '../dist/testing/render-anthropic.js';
import { renderOpenAi } from '../dist/testing/render-openai.js';

const CHUNKS = 10_000;
const PIECE_BYTES = 16 * 1024;
/** Measured rounds; every path runs once per round, in a rotated order. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** 10k-event streams per path per round, read back to back and timed together (one stream is only ~20 ms). */
const STREAMS = Number(process.env.BENCH_STREAMS ?? 4);
/** A recorded stream: 10k content chunks of ~20 characters (mixed ASCII and multi-byte) plus the tail. */
function recorded(api: 'openai' | 'anthropic'): Buffer {
  const text = Array.from({ length: CHUNKS }, (_, index) =>
    `tok${index % 97} héllo wörld`.padEnd(20, '·'),
  ).join('');
  const answer = { type: 'answer' as const, text, chunks: CHUNKS };
  const rendered = api === 'openai' ? renderOpenAi(answer, 'gpt-4o-mini') : renderAnthropic(answer, 'claude');
  return Buffer.from([...rendered.head, ...rendered.chunks, ...rendered.tail].join(''));
}

const openAiBytes = recorded('openai');
const anthropicBytes = recorded('anthropic');
const server = await createFakeLlmServer({
  script: (request) => ({
    type: 'raw',
    body: request.api === 'openai' ? openAiBytes : anthropicBytes,
    pieceBytes: PIECE_BYTES,
  }),
});
const request: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};
const agent = new Agent({ keepAliveTimeout: 10_000 });

interface PathFigures {
  /** Median wall time of one stream, ms. */
  wallMs: number;
  /** Median CPU time (user + system) of one stream, ms. */
  cpuMs: number;
  /** Per-round CPU ratios against the floor of the same round: median, lowest, highest. */
  ratio: { median: number; min: number; max: number };
}

const median = (list: readonly number[]) =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;

/**
 * Runs every path once per round, `STREAMS` streams in a row, in an order rotated by one each round (each path
 * runs after every other in turn), so that load from other processes on this shared machine and the state the
 * previous path leaves behind fall on all paths alike. Each path's CPU per round is divided by that of its floor
 * (`floorOf[index]`, the floor reading the same wire format) in the same round: the ratio's median and range say
 * more than a ratio of medians when the load drifts.
 */
async function interleaved(
  paths: readonly (() => Promise<number>)[],
  floorOf: readonly number[],
): Promise<PathFigures[]> {
  const wall: number[][] = paths.map(() => []);
  const cpu: number[][] = paths.map(() => []);
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (let step = 0; step < paths.length; step += 1) {
      const index = (round + step) % paths.length;
      const run = paths[index] as () => Promise<number>;
      // No gc() between runs: forced full collections flush the bytecode of functions the other paths did not
      // just run, and every path would then pay for recompiling.
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      for (let stream = 0; stream < STREAMS; stream += 1) {
        const count = await run();
        if (count < CHUNKS) throw new Error(`expected ${CHUNKS} chunks, got ${count}`);
      }
      const used = process.cpuUsage(cpuStarted);
      const elapsed = performance.now() - started;
      if (round >= WARMUP) {
        wall[index]?.push(elapsed / STREAMS);
        cpu[index]?.push((used.user + used.system) / 1000 / STREAMS);
      }
    }
  }
  return paths.map((_, index) => {
    const floorCpu = cpu[floorOf[index] as number] ?? [];
    const ratios = (cpu[index] ?? []).map((ms, round) => ms / (floorCpu[round] as number));
    return {
      wallMs: median(wall[index] ?? []),
      cpuMs: median(cpu[index] ?? []),
      ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    };
  });
}

async function parserOnly(bytes: Buffer): Promise<number> {
  const parser = new SseParser();
  let events = 0;
  for (let start = 0; start < bytes.byteLength; start += PIECE_BYTES) {
    events += parser.push(bytes.subarray(start, start + PIECE_BYTES)).length;
  }
  return events;
}

/** eventsource-parser 3.1 over the same pieces: it takes strings, so a streaming TextDecoder goes in front. */
async function eventsourceParser(bytes: Buffer): Promise<number> {
  let events = 0;
  const parser = createParser({ onEvent: () => (events += 1) });
  const decoder = new TextDecoder();
  for (let start = 0; start < bytes.byteLength; start += PIECE_BYTES) {
    parser.feed(decoder.decode(bytes.subarray(start, start + PIECE_BYTES), { stream: true }));
  }
  return events;
}

/** Baseline: global fetch, split on blank lines, JSON.parse each data line. No validation, no timers. */
async function plainFetch(): Promise<number> {
  const response = await fetch(`${server.openAiBaseUrl}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ ...request, stream: true }),
  });
  const decoder = new TextDecoder();
  let carry = '';
  let chunks = 0;
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    const blocks = (carry + decoder.decode(bytes, { stream: true })).split('\n\n');
    carry = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.slice(6);
      if (data === '[DONE]') continue;
      const chunk = JSON.parse(data) as { choices: { delta: { content?: string } }[] };
      if (chunk.choices[0]?.delta.content) chunks += 1;
    }
  }
  return chunks;
}

/**
 * The floor: undici `request` on the same agent, a line splitter over the decoded text, JSON.parse of each data
 * line, a check of the text it carries. No validation, no timers, no parts: what any client must at least do.
 */
async function undiciFloor(url: string, textOf: (event: unknown) => unknown): Promise<number> {
  const response = await undiciRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ ...request, stream: true }),
    dispatcher: agent,
  });
  const decoder = new TextDecoder();
  let carry = '';
  let chunks = 0;
  for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
    const lines = (carry + decoder.decode(bytes, { stream: true })).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ')) continue;
      const data = line.slice(6);
      if (data === '[DONE]') continue;
      if (textOf(JSON.parse(data))) chunks += 1;
    }
  }
  return chunks;
}

const openAiText = (event: unknown) =>
  (event as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content;
const anthropicText = (event: unknown) => {
  const { type, delta } = event as { type: string; delta?: { text?: string } };
  return type === 'content_block_delta' ? delta?.text : undefined;
};

async function viaProvider(provider: LlmProvider, model = 'gpt-4o-mini'): Promise<number> {
  let chunks = 0;
  for await (const part of provider.stream({ ...request, model }))
    if (part.type === 'text-delta') chunks += 1;
  return chunks;
}

const openai = new OpenAI({ baseURL: server.openAiBaseUrl, apiKey: 'bench', maxRetries: 0 });
async function viaOpenAiPackage(): Promise<number> {
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
  });
  let chunks = 0;
  for await (const chunk of stream) if (chunk.choices[0]?.delta.content) chunks += 1;
  return chunks;
}

const raw = createOpenAiCompatibleProvider({ baseUrl: server.openAiBaseUrl, dispatcher: agent });
const retried = withRetry(raw, {}, { budget: false });
// A second target that is never reached: the call pays for the failover layer (and its hint) as it would in an app.
const spare = createOpenAiCompatibleProvider({
  id: 'spare',
  baseUrl: server.openAiBaseUrl,
  dispatcher: agent,
});
const failover = withFailover([retried, withRetry(spare, {}, { budget: false })]);
const anthropic = createAnthropicProvider({ baseUrl: server.anthropicBaseUrl, dispatcher: agent });

/** One row: what it runs, the bytes it reads, and the floor it is compared with (none: the row is not compared). */
interface BenchPath {
  name: string;
  run: () => Promise<number>;
  bytes: number;
  against?: BenchPath;
}
const openAiFloor: BenchPath = {
  name: 'undici + line splitter + JSON.parse (floor)',
  run: () => undiciFloor(`${server.openAiBaseUrl}/chat/completions`, openAiText),
  bytes: openAiBytes.byteLength,
};
const anthropicFloor: BenchPath = {
  name: 'Anthropic floor: undici + line splitter + JSON.parse (Anthropic bytes)',
  run: () => undiciFloor(`${server.anthropicBaseUrl}/messages`, anthropicText),
  bytes: anthropicBytes.byteLength,
};
const openAiPath = (name: string, run: () => Promise<number>): BenchPath => ({
  name,
  run,
  bytes: openAiBytes.byteLength,
  against: openAiFloor,
});
const paths: BenchPath[] = [
  {
    name: 'SseParser alone (in memory, OpenAI bytes)',
    run: () => parserOnly(openAiBytes),
    bytes: openAiBytes.byteLength,
  },
  {
    name: 'eventsource-parser 3.1 + TextDecoder (in memory, same bytes)',
    run: () => eventsourceParser(openAiBytes),
    bytes: openAiBytes.byteLength,
  },
  openAiFloor,
  openAiPath('plain fetch + JSON.parse', plainFetch),
  openAiPath('openai 6.49 package stream', viaOpenAiPackage),
  openAiPath('@clawft/llm OpenAI-compatible provider', () => viaProvider(raw)),
  openAiPath('@clawft/llm provider + withRetry', () => viaProvider(retried)),
  openAiPath('@clawft/llm provider + withRetry + withFailover', () => viaProvider(failover)),
  anthropicFloor,
  {
    name: '@clawft/llm Anthropic provider',
    run: () => viaProvider(anthropic, 'claude'),
    bytes: anthropicBytes.byteLength,
    against: anthropicFloor,
  },
];
/** Each row's floor by index (a row that is not compared is its own: ratio 1, not shown). */
const floorOf = paths.map((path) => paths.indexOf(path.against ?? path));
const figures = await interleaved(
  paths.map((path) => path.run),
  floorOf,
);
const perChunk = (ms: number) => ((ms * 1000) / CHUNKS).toFixed(2);

console.log(
  `${CHUNKS} chunks per stream, served over 127.0.0.1 (server in the same process) in ${PIECE_BYTES / 1024} KiB writes; ` +
    `${ROUNDS} rounds after ${WARMUP} warm-up rounds, ${STREAMS} streams per path per round, paths in a rotated order. ` +
    'CPU time (user + system, server included) per stream, median over rounds; CPU × floor: the per-round ratio ' +
    'against the floor of the same round that reads the same wire format (OpenAI bytes or Anthropic bytes), ' +
    'median (lowest–highest); overhead = path − that floor, per chunk.\n',
);
console.log(
  '| path | wall ms | CPU ms | CPU µs / chunk | MB/s (wall) | CPU × floor, median (range) | overhead vs floor, CPU µs / chunk |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [index, { name, bytes, against }] of paths.entries()) {
  const { wallMs, cpuMs, ratio } = figures[index] as PathFigures;
  const floorCpu = (figures[floorOf[index] as number] as PathFigures).cpuMs;
  const overhead = against === undefined ? '–' : perChunk(cpuMs - floorCpu);
  const shown =
    against === undefined
      ? '–'
      : `${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`;
  console.log(
    `| ${name} | ${wallMs.toFixed(1)} | ${cpuMs.toFixed(1)} | ${perChunk(cpuMs)} | ${(bytes / 1e6 / (wallMs / 1000)).toFixed(0)} | ${shown} | ${overhead} |`,
  );
}
await agent.close();
await server.close();
