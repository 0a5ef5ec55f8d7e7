// The routing pipeline's own work per request, without I/O: classify + route + reserve + reconcile (book the
// usage, release the rest), in static and tiered mode with budgets on. Prints a markdown table.
// Run: cd packages/core && node --expose-gc --import tsx bench/pipeline.bench.ts   (or: pnpm bench pipeline)
// Before and after in one run: PIPELINE_BASELINE=<another worktree>/packages/core runs that tree's sources in the same
// rounds (interleaved, ABBA), with a ratio per row. PIPELINE_REQUESTS sets the requests per round (default 200000).
import { pathToFileURL } from 'node:url';
import { type ChatRequest, RoutingSchema } from '@clawft/types';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { admit } from '../src/pipeline/admit.js';
import { createClassifier } from '../src/routing/classifier.js';
import { createRouter, type Router } from '../src/routing/router.js';

const REQUESTS = Number(process.env.PIPELINE_REQUESTS ?? 200_000);
const ROUNDS = 5;
const SENDERS = 1_000;

interface Build {
  CostTracker: typeof CostTracker;
  admit: typeof admit;
  createRouter: typeof createRouter;
}
const current: Build = { CostTracker, admit, createRouter };
const baselineDir = process.env.PIPELINE_BASELINE;
const load = (file: string) => import(pathToFileURL(`${baselineDir}/src/${file}`).href);
const baseline: Build | undefined =
  baselineDir === undefined
    ? undefined
    : {
        CostTracker: (await load('cost/cost-tracker.ts')).CostTracker,
        admit: (await load('pipeline/admit.ts')).admit,
        createRouter: (await load('routing/router.ts')).createRouter,
      };

const classifier = createClassifier();
const requests: ChatRequest[] = [
  'hi, how are you?',
  'Fix the bug in this typescript function that parses the config and explain why it failed',
  'Design a distributed architecture for a concurrency-heavy service and prove it is correct, step by step',
].map((content, index) => ({
  model: 'openai/gpt-4o',
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer precisely.' },
    { role: 'user', content: `${content} (${index})` },
  ],
  tools: [],
  maxTokens: 1024,
  senderId: 'x',
  metadata: {},
}));

const tiers = [
  { name: 'simple', models: ['openai/gpt-4o-mini', 'groq/llama-3.1-8b-instant'], complexityRange: [0, 0.3] },
  {
    name: 'standard',
    models: ['anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini'],
    complexityRange: [0.3, 0.7],
  },
  { name: 'hard', models: ['anthropic/claude-sonnet-4-5', 'openai/gpt-4.1'], complexityRange: [0.7, 1] },
];

function setup(build: Build, mode: 'static' | 'tiered'): { router: Router; tracker: CostTracker } {
  const routing = RoutingSchema.parse({
    mode,
    tiers,
    selectionStrategy: 'round-robin',
    fallbackModel: 'openai/gpt-4o-mini',
  });
  const router = build.createRouter({ routing, defaultModel: 'openai/gpt-4o' });
  const tracker = new build.CostTracker({
    budgets: { perSenderDailyLimitUsd: 1e9, globalDailyLimitUsd: 1e12, globalMonthlyLimitUsd: 1e12 },
  });
  return { router, tracker };
}

const usage = { inputTokens: 40, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0 };
const senders = Array.from({ length: SENDERS }, (_, index) => `sender-${index}`);

/** ns per request for classify + route + reserve + book + release. */
async function perRequest(build: Build, mode: 'static' | 'tiered'): Promise<number> {
  const stages = {
    classifier,
    ...setup(build, mode),
    rateLimiter: undefined,
    onExceeded: 'downgrade' as const,
  };
  const { tracker } = stages;
  const started = process.hrtime.bigint();
  for (let index = 0; index < REQUESTS; index += 1) {
    const request = requests[index % requests.length] as ChatRequest;
    const senderId = senders[index % SENDERS] as string;
    const { decision, reservation } = await build.admit(
      { ...stages, costTracker: tracker },
      request,
      { senderId },
      'bench',
    );
    tracker.book(reservation, {
      provider: decision.provider,
      model: decision.model,
      attempt: 1,
      usage,
      success: true,
    });
    tracker.release(reservation);
  }
  await tracker.flush();
  return Number(process.hrtime.bigint() - started) / REQUESTS;
}

async function classifyOnly(): Promise<number> {
  const started = process.hrtime.bigint();
  let sum = 0;
  for (let index = 0; index < REQUESTS; index += 1)
    sum += classifier.classify(requests[index % requests.length] as ChatRequest).complexity;
  if (Number.isNaN(sum)) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - started) / REQUESTS;
}

async function best(measure: () => Promise<number>): Promise<number> {
  await measure(); // warm-up
  let result = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    globalThis.gc?.();
    result = Math.min(result, await measure());
  }
  return result;
}

/** Best round of this build and of the baseline, measured in alternating order (ABBA) so load hits both alike. */
async function bestSideBySide(mode: 'static' | 'tiered'): Promise<[number, number | undefined]> {
  if (baseline === undefined) return [await best(() => perRequest(current, mode)), undefined];
  await perRequest(current, mode); // warm-up
  await perRequest(baseline, mode);
  let mine = Number.POSITIVE_INFINITY;
  let theirs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    const order: Build[] = round % 2 === 0 ? [current, baseline] : [baseline, current];
    for (const build of order) {
      globalThis.gc?.();
      const ns = await perRequest(build, mode);
      if (build === current) mine = Math.min(mine, ns);
      else theirs = Math.min(theirs, ns);
    }
  }
  return [mine, theirs];
}

const rows: [string, number, number | undefined][] = [
  ['classify only', await best(classifyOnly), undefined],
  ['static: classify + route + reserve + reconcile', ...(await bestSideBySide('static'))],
  ['tiered (round-robin): classify + route + reserve + reconcile', ...(await bestSideBySide('tiered'))],
];
console.log(
  `${REQUESTS} requests × ${ROUNDS} rounds (best), ${SENDERS} senders, budgets on, Node ${process.version}\n`,
);
const us = (ns: number | undefined) => (ns === undefined ? '' : (ns / 1000).toFixed(2));
if (baseline === undefined) {
  console.log('| path | µs / request | goal |');
  console.log('|---|---:|---:|');
  for (const [name, ns] of rows)
    console.log(`| ${name} | ${us(ns)} | ${name === 'classify only' ? '< 1000' : '< 20'} |`);
} else {
  console.log(`baseline: ${baselineDir}\n`);
  console.log('| path | µs / request | baseline µs / request | baseline ÷ this | goal |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, ns, base] of rows) {
    const ratio = base === undefined ? '' : `${(base / ns).toFixed(1)}×`;
    console.log(
      `| ${name} | ${us(ns)} | ${us(base)} | ${ratio} | ${name === 'classify only' ? '< 1000' : '< 20'} |`,
    );
  }
}
