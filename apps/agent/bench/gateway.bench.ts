// What the gateway adds over calling the agent loop directly, and 1,000 concurrent streaming clients.
// 1. Non-streaming turns against a fake provider: autocannon on POST /v1/chat/completions (in this process) against
//    the same loop driven directly (loop.runTurn) at the same concurrency, rounds interleaved: requests/s, p50, p99.
// 2. The built `clawft serve` as a child: 1,000 clients at once on the native SSE endpoint; its peak RSS and the
//    time to first event, against one client alone in the same run.
// Run: pnpm build && cd apps/agent && pnpm bench gateway
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeLlmServer } from '@clawft/llm/testing';
import { ConfigSchema } from '@clawft/types';
import autocannon from 'autocannon';
import { loopBackend } from '../src/gateway/loop-backend.js';
import { startGateway } from '../src/gateway/start-gateway.js';
import { createRuntime } from '../src/runtime/create-runtime.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN = 'bench-token-0123456789abcdef';
const CONNECTIONS = 16;
const ROUND_SECONDS = 5;
const ROUNDS = 2;
const STREAM_CLIENTS = 1_000;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;

async function overhead(): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-gateway-bench-'));
  const provider = await createFakeLlmServer({ fallback: { type: 'answer', text: 'ok', chunks: 2 } });
  const config = ConfigSchema.parse({
    agents: { defaults: { workspace, model: 'local/model-a', maxConcurrentTurns: CONNECTIONS } },
    providers: { local: { apiBase: provider.openAiBaseUrl, apiKey: 'k' } },
    gateway: { port: 0, tokens: [{ token: TOKEN, senderId: 'bench' }], maxStreamsPerSender: 1_000 },
  });
  const runtime = await createRuntime({ config, pipeline: { costStore: false } });
  const gateway = await startGateway({ config, backend: loopBackend(runtime.loop) });
  const direct = { requests: [] as number[], latencies: [] as number[] };
  const http = { requests: [] as number[], p50: [] as number[], p99: [] as number[] };
  let turn = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const result = await autocannon({
      url: `${gateway.url}/v1/chat/completions`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: ROUND_SECONDS,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'clawft', messages: [{ role: 'user', content: 'hi' }] }),
    });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers`);
    http.requests.push(result.requests.average);
    http.p50.push(result.latency.p50);
    http.p99.push(result.latency.p99);
    const endAt = performance.now() + ROUND_SECONDS * 1000;
    let count = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < endAt) {
          const started = performance.now();
          turn += 1;
          const chatId = `direct-${turn}`;
          const message = {
            channel: 'bench',
            senderId: 'bench',
            chatId,
            content: 'hi',
            media: [],
            metadata: {},
            timestamp: Date.now(),
          };
          await runtime.loop.runTurn(message);
          direct.latencies.push(performance.now() - started);
          count += 1;
        }
      }),
    );
    direct.requests.push(count / ROUND_SECONDS);
  }
  await gateway.close();
  await runtime.close({ shutdownMs: 100 });
  await provider.close();
  await rm(workspace, { recursive: true, force: true });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const directRps = mean(direct.requests);
  const httpRps = mean(http.requests);
  const directP50 = quantile(direct.latencies, 0.5);
  const directP99 = quantile(direct.latencies, 0.99);
  console.log(
    `${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, ${CONNECTIONS} concurrent, non-streaming turns\n`,
  );
  console.log('| path | requests/s | p50 ms | p99 ms |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| loop.runTurn directly | ${directRps.toFixed(0)} | ${directP50.toFixed(1)} | ${directP99.toFixed(1)} |`,
  );
  console.log(
    `| gateway /v1/chat/completions | ${httpRps.toFixed(0)} | ${mean(http.p50).toFixed(1)} | ${mean(http.p99).toFixed(1)} |`,
  );
  console.log(
    `| gateway ÷ direct | ${(httpRps / directRps).toFixed(2)}× | ${(mean(http.p50) / directP50).toFixed(2)}× | ${(mean(http.p99) / directP99).toFixed(2)}× |`,
  );
}

/** Milliseconds from sending the request to the first SSE event's bytes, and until the stream ends. */
function streamOnce(
  url: string,
  agent: Agent,
  chatId: string,
): Promise<{ firstMs: number; totalMs: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstMs = Number.NaN;
    const req = request(
      `${url}/v1/agent/messages`,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          if (Number.isNaN(firstMs) && chunk.includes('data:')) firstMs = performance.now() - started;
        });
        res.once('end', () =>
          resolve({ firstMs, totalMs: performance.now() - started, status: res.statusCode ?? 0 }),
        );
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify({ chatId, content: 'hi', stream: true }));
  });
}

async function streaming(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'clawft-gateway-bench-'));
  const provider = await createFakeLlmServer({
    fallback: { type: 'answer', text: 'one two three four five', chunks: 5, chunkDelayMs: 20 },
  });
  const config = {
    agents: {
      defaults: { workspace: join(dir, 'ws'), model: 'local/model-a', maxConcurrentTurns: STREAM_CLIENTS },
    },
    providers: { local: { apiBase: provider.openAiBaseUrl, apiKey: 'k' } },
    gateway: {
      port: 0,
      tokens: [{ token: TOKEN, senderId: 'bench' }],
      maxStreamsPerSender: 2_000,
      maxStreams: 2_000,
    },
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [CLI, 'serve', '--config', join(dir, 'config.json')], {
    env: { PATH: process.env.PATH, HOME: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
  });
  const rssMib = async (field: 'VmRSS' | 'VmHWM') =>
    Number(
      new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ??
        0,
    ) / 1024;
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const alone: number[] = [];
  for (let index = 0; index < 20; index += 1)
    alone.push((await streamOnce(url, agent, `alone-${index}`)).firstMs);
  const idleRss = await rssMib('VmRSS');
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: STREAM_CLIENTS }, (_, index) => streamOnce(url, agent, `c-${index}`)),
  );
  const wallMs = performance.now() - started;
  const peakRss = await rssMib('VmHWM');
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await provider.close();
  await rm(dir, { recursive: true, force: true });
  const failed = results.filter((result) => result.status !== 200).length;
  const first = results.map((result) => result.firstMs);
  console.log(
    `\n${STREAM_CLIENTS} streaming clients at once on /v1/agent/messages (the built clawft serve), ${failed} not 200, all done in ${wallMs.toFixed(0)} ms\n`,
  );
  console.log('| measure | 1 client alone (20 runs) | 1,000 at once | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| time to first event p50 ms | ${quantile(alone, 0.5).toFixed(1)} | ${quantile(first, 0.5).toFixed(1)} | ${(quantile(first, 0.5) / quantile(alone, 0.5)).toFixed(1)}× |`,
  );
  console.log(
    `| time to first event p99 ms | ${quantile(alone, 0.99).toFixed(1)} | ${quantile(first, 0.99).toFixed(1)} | ${(quantile(first, 0.99) / quantile(alone, 0.99)).toFixed(1)}× |`,
  );
  console.log(
    `| gateway RSS MiB (idle → peak) | ${idleRss.toFixed(1)} | ${peakRss.toFixed(1)} | +${(peakRss - idleRss).toFixed(1)} MiB, ${(((peakRss - idleRss) * 1024) / STREAM_CLIENTS).toFixed(0)} KiB per stream |`,
  );
}

await overhead();
await streaming();
