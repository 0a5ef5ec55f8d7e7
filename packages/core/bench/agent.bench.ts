// The agent loop's own cost per turn, without model or tool time: an in-process ScriptedProvider answers at once,
// tools take no time. Overhead = latencyMs − llmMs − toolsMs of each turn's outcome (context build, session load and
// appends, scheduling, events, publish). Baseline side by side: a bare `pipeline.stream` call with the same messages.
// Then turns per second through the bus with 1,000 sessions, against the same number of bare pipeline calls.
// Run: cd packages/core && node --expose-gc --import tsx bench/agent.bench.ts   (or: pnpm bench agent)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage, InboundMessage, TurnOutcome } from '@clawft/types';
import { ToolRegistry } from '../src/tools/tool-registry.js';
import { endsWithToolResults, type InProcessLoop, inProcessLoop } from '../test/agent-in-process.js';
import { toolsConfig } from '../test/helpers/test-tools.js';

const TURNS = 2_000;
const SESSIONS = 1_000;
const MESSAGES_PER_SESSION = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? Number.NaN;

const message = (chatId: string, content: string): InboundMessage => ({
  channel: 'bench',
  senderId: `u-${chatId}`,
  chatId,
  content,
  media: [],
  metadata: {},
  timestamp: Date.now(),
});

async function setup(workspace: string, withTools: boolean): Promise<InProcessLoop> {
  const tools = new ToolRegistry({ config: toolsConfig() }).register({
    name: 'noop',
    description: 'Answers at once.',
    parameters: { type: 'object' },
    access: () => ({}),
    execute: async () => ({ content: 'done', isError: false }),
  });
  return inProcessLoop({
    workspace,
    ...(withTools ? { tools } : {}),
    turns: (request) =>
      !withTools || endsWithToolResults(request)
        ? { type: 'answer', chunks: ['fine'] }
        : { type: 'answer', toolCalls: [{ id: `c${request.messages.length}`, name: 'noop', arguments: {} }] },
  });
}

/** Per-turn overhead (ms) of `TURNS` turns over 50 sessions, and the bare pipeline call (ms) side by side. */
async function overhead(withTools: boolean): Promise<{ overhead: number[]; turn: number[]; bare: number[] }> {
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-agent-bench-'));
  const agent = await setup(workspace, withTools);
  const result = { overhead: [] as number[], turn: [] as number[], bare: [] as number[] };
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'hello' },
  ];
  for (let index = 0; index < TURNS; index += 1) {
    const { outcome } = await agent.loop.runTurn(message(`s${index % 50}`, `turn ${index}`));
    const { llmMs, toolsMs } = outcome.timings;
    result.overhead.push(outcome.latencyMs - llmMs - toolsMs);
    result.turn.push(outcome.latencyMs);
    const started = performance.now();
    await agent.pipeline.stream(
      { model: 'scripted/model', messages, senderId: 'u' },
      { onPart: () => undefined },
    );
    result.bare.push(performance.now() - started);
  }
  await agent.loop.shutdown({ deadlineMs: 1000 });
  await rm(workspace, { recursive: true, force: true });
  return result;
}

/** Turns per second through the bus, SESSIONS sessions × MESSAGES_PER_SESSION, and bare pipeline calls per second. */
async function throughput(): Promise<{ turnsPerSecond: number; callsPerSecond: number; failed: number }> {
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-agent-bench-'));
  const agent = await setup(workspace, false);
  const total = SESSIONS * MESSAGES_PER_SESSION;
  const outcomes: TurnOutcome[] = [];
  const done = new Promise<void>((resolve) => {
    agent.bus.subscribe('bench', (reply) => {
      outcomes.push(reply.metadata.outcome as TurnOutcome);
      if (outcomes.length === total) resolve();
    });
  });
  const dispatching = agent.bus.dispatchOutbound();
  const started = performance.now();
  void agent.loop.start();
  for (let round = 0; round < MESSAGES_PER_SESSION; round += 1) {
    for (let session = 0; session < SESSIONS; session += 1) {
      await agent.bus.publishInbound(message(`s${session}`, `round ${round}`));
    }
  }
  await done;
  const turnsPerSecond = total / ((performance.now() - started) / 1000);
  const messages: ChatMessage[] = [{ role: 'user', content: 'hello' }];
  const bareStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        next += 1;
        await agent.pipeline.stream({ model: 'scripted/model', messages, senderId: `u${next % SESSIONS}` });
      }
    }),
  );
  const callsPerSecond = total / ((performance.now() - bareStarted) / 1000);
  await agent.loop.shutdown({ deadlineMs: 1000 });
  agent.bus.close();
  await dispatching;
  await rm(workspace, { recursive: true, force: true });
  return { turnsPerSecond, callsPerSecond, failed: outcomes.filter((outcome) => !outcome.success).length };
}

console.log(`Node ${process.version}; sessions appended without fsync; ${TURNS} turns per row\n`);
console.log(
  '| turn | overhead median ms | overhead p95 ms | turn median ms | bare pipeline call median ms | turn / bare call |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const withTools of [false, true]) {
  await overhead(withTools); // warm-up
  globalThis.gc?.();
  const r = await overhead(withTools);
  const name = withTools ? 'one tool round (2 model calls, 1 tool)' : 'answer only (1 model call)';
  console.log(
    `| ${name} | ${median(r.overhead).toFixed(3)} | ${p95(r.overhead).toFixed(3)} | ${median(r.turn).toFixed(3)} | ${median(r.bare).toFixed(3)} | ${(median(r.turn) / median(r.bare)).toFixed(1)}× |`,
  );
}
const t = await throughput();
console.log(
  `\n${SESSIONS} sessions × ${MESSAGES_PER_SESSION} messages through the bus (maxConcurrentTurns 8): ${t.turnsPerSecond.toFixed(0)} turns/s; bare pipeline calls (8 at a time): ${t.callsPerSecond.toFixed(0)} calls/s; ratio ${(t.turnsPerSecond / t.callsPerSecond).toFixed(2)}; failed turns ${t.failed}`,
);
