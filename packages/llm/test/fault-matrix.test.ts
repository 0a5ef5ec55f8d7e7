import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, type StreamPart } from '@clawft/types';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { createFakeLlmServer, type FakeStep } from '../src/testing/index.js';
import { BEYOND_THE_TIMER_MS, chatRequest, type Harness, startHarness } from './support/harness.js';

/**
 * Every fault class × {retry only, failover to a healthy target}: the outcome is the complete, correct answer or a
 * clean error — never a truncated success; attempts are counted; with failover the good answer arrives within one
 * timer (or Retry-After) plus a second. The flapping target and the outage window with recovery are at the end.
 */

/** Client timers of the matrix: small, so the bound of one timer + 1 s has a wide margin on a loaded machine. */
const TIMER_MS = 1_000;
const RETRY_AFTER_MS = 300;
const TIMEOUTS = { headersMs: TIMER_MS, firstTokenMs: TIMER_MS, idleMs: TIMER_MS, totalMs: 10_000 };
const GOOD = 'The quick brown fox';
const PARTIAL = 'PRIMARY output that must never be mixed in';

const sse = (...events: unknown[]) => events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
const delta = (content: string) => ({ model: 'm', choices: [{ delta: { content }, finish_reason: null }] });

/** How a fault ends: before any output (retry can fix it), after output (only failover can), or never (the request). */
type Reach = 'before-output' | 'after-output' | 'request';

interface Fault {
  name: string;
  step: FakeStep;
  reach: Reach;
  /** A client timer fired: no retry on the same target while failover has another. */
  timer?: boolean;
  /** The kind the retry-only case ends with, when it ends with an error. */
  kind?: ProviderError['kind'];
  /** The failover target asks for another model (context length). */
  otherModel?: boolean;
  /** ms the failover case may wait beyond 1 s: the timer or the Retry-After. */
  waitMs: number;
}

const answer = (overrides: Partial<Extract<FakeStep, { type: 'answer' }>> = {}): FakeStep => ({
  type: 'answer',
  text: PARTIAL,
  chunks: 4,
  ...overrides,
});

const FAULTS: Fault[] = [
  {
    name: '429 with retry-after-ms',
    step: { type: 'status', status: 429, headers: { 'retry-after-ms': String(RETRY_AFTER_MS) } },
    reach: 'before-output',
    waitMs: RETRY_AFTER_MS,
  },
  {
    name: '429 with retry-after seconds',
    step: { type: 'status', status: 429, headers: { 'retry-after': '0' } },
    reach: 'before-output',
    waitMs: 0,
  },
  {
    name: '429 with x-ratelimit-reset-requests',
    step: { type: 'status', status: 429, headers: { 'x-ratelimit-reset-requests': `${RETRY_AFTER_MS}ms` } },
    reach: 'before-output',
    waitMs: RETRY_AFTER_MS,
  },
  {
    name: '429 with anthropic-ratelimit-requests-reset',
    step: {
      type: 'status',
      status: 429,
      headers: { 'anthropic-ratelimit-requests-reset': '2000-01-01T00:00:00Z' },
    },
    reach: 'before-output',
    waitMs: 0,
  },
  { name: '500', step: { type: 'status', status: 500 }, reach: 'before-output', waitMs: 0 },
  { name: '503 overloaded', step: { type: 'status', status: 503 }, reach: 'before-output', waitMs: 0 },
  { name: 'connection reset before headers', step: { type: 'reset' }, reach: 'before-output', waitMs: 0 },
  {
    name: 'silence before headers',
    step: { type: 'hang' },
    reach: 'before-output',
    timer: true,
    waitMs: TIMER_MS,
  },
  {
    name: 'slow first token',
    step: answer({ firstTokenDelayMs: 3 * TIMER_MS }),
    reach: 'before-output',
    timer: true,
    waitMs: TIMER_MS,
  },
  {
    name: 'cut mid-stream',
    step: answer({ cutAfterChunks: 1 }),
    reach: 'after-output',
    kind: 'stream-truncated',
    waitMs: 0,
  },
  {
    name: 'stall mid-stream',
    step: answer({ stallAfterChunks: 1, keepaliveEveryMs: 50 }),
    reach: 'after-output',
    kind: 'timeout',
    waitMs: TIMER_MS,
  },
  {
    name: 'one malformed event',
    step: answer({ malformedAfterChunks: 1 }),
    reach: 'after-output',
    kind: 'malformed-response',
    waitMs: 0,
  },
  {
    name: 'missing terminal event',
    step: { type: 'raw', body: sse(delta('PRIMARY '), delta('output')) },
    reach: 'after-output',
    kind: 'stream-truncated',
    waitMs: 0,
  },
  {
    name: '400',
    step: { type: 'status', status: 400 },
    reach: 'request',
    kind: 'invalid-request',
    waitMs: 0,
  },
  {
    name: 'context length',
    step: {
      type: 'status',
      status: 400,
      body: { error: { code: 'context_length_exceeded', message: 'maximum context length is 8192 tokens' } },
    },
    reach: 'request',
    kind: 'context-length-exceeded',
    otherModel: true,
    waitMs: 0,
  },
];

let primary: Harness;
let fallback: Harness;
beforeEach(async () => {
  [primary, fallback] = await Promise.all([startHarness(), startHarness()]);
});
afterEach(async () => {
  await Promise.all([primary.dispose(), fallback.dispose()]);
});

function target(harness: Harness, id: string) {
  const bare = createOpenAiCompatibleProvider({
    id,
    baseUrl: harness.server.openAiBaseUrl,
    dispatcher: harness.agent,
    timeouts: TIMEOUTS,
  });
  return withRetry(bare, { maxRetries: 1, baseDelayMs: 5, jitter: 0 }, { budget: false });
}

/** Reads the stream: the parts, and the error if it threw. */
async function run(parts: AsyncIterable<StreamPart>): Promise<{ parts: StreamPart[]; error: unknown }> {
  const seen: StreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen, error: undefined };
  } catch (error) {
    return { parts: seen, error };
  }
}

/** The text a consumer keeps: what followed the last `reset`. */
function keptText(parts: readonly StreamPart[]): string {
  let text = '';
  for (const part of parts) {
    if (part.type === 'reset') text = '';
    if (part.type === 'text-delta') text += part.text;
  }
  return text;
}

/** Never a truncated success: an ending without error has its finish and the complete good text. */
function expectCompleteOrClean(result: { parts: StreamPart[]; error: unknown }): void {
  if (result.error === undefined) {
    expect(result.parts.at(-1)?.type).toBe('finish');
    expect(keptText(result.parts)).toBe(GOOD);
  } else {
    expect(ProviderError.is(result.error)).toBe(true);
    expect(result.parts.some((part) => part.type === 'finish')).toBe(false);
  }
}

describe.each(FAULTS)('fault matrix: $name', (fault) => {
  it('retry only: the complete answer or a clean error, attempts counted', async () => {
    primary.server.enqueue(fault.step, { type: 'answer', text: GOOD, chunks: 4 });
    const result = await run(target(primary, 'primary').stream(chatRequest('m')));
    expectCompleteOrClean(result);
    if (fault.reach === 'before-output') {
      expect(result.error).toBeUndefined();
      expect(primary.server.requests).toHaveLength(2);
    } else {
      expect(result.error).toMatchObject({ kind: fault.kind });
      expect(primary.server.requests).toHaveLength(1);
    }
  });

  it('failover to a healthy target: the complete answer within one timer + 1 s, or the clean request error', async () => {
    primary.server.enqueue(fault.step, fault.step, fault.step);
    fallback.server.enqueue({ type: 'answer', text: GOOD, chunks: 4 });
    const second = { provider: target(fallback, 'fallback'), model: fault.otherModel ? 'bigger' : 'm' };
    const llm = withFailover([{ provider: target(primary, 'primary'), model: 'm' }, second]);
    const started = performance.now();
    const result = await run(llm.stream(chatRequest('m')));
    const elapsedMs = performance.now() - started;
    expectCompleteOrClean(result);
    if (fault.reach === 'request' && fault.otherModel !== true) {
      expect(result.error).toMatchObject({ kind: fault.kind });
      expect(fallback.server.requests).toHaveLength(0);
      return;
    }
    expect(result.error).toBeUndefined();
    expect(fallback.server.requests).toHaveLength(1);
    // One attempt on the primary, plus one retry for a fault retry can fix that is not a client timer.
    const retried = fault.reach === 'before-output' && fault.timer !== true;
    expect(primary.server.requests).toHaveLength(retried ? 2 : 1);
    if (fault.reach === 'after-output') expect(result.parts.some((part) => part.type === 'reset')).toBe(true);
    expect(elapsedMs).toBeLessThan(fault.waitMs + BEYOND_THE_TIMER_MS);
  });
});

describe('fault matrix: a flapping target and an outage window with recovery', () => {
  const good: FakeStep = { type: 'answer', text: GOOD, chunks: 4 };
  const down: FakeStep = { type: 'status', status: 503 };

  async function scriptedTarget(id: string, script: (index: number) => FakeStep) {
    const server = await createFakeLlmServer({ script: (_request, index) => script(index) });
    const agent = new Agent({ keepAliveTimeout: 1_000 });
    const bare = createOpenAiCompatibleProvider({
      id,
      baseUrl: server.openAiBaseUrl,
      dispatcher: agent,
      timeouts: TIMEOUTS,
    });
    const provider = withRetry(bare, { maxRetries: 1, baseDelayMs: 5, jitter: 0 }, { budget: false });
    const close = async () => {
      await agent.close();
      await server.close();
    };
    return { server, provider, close };
  }

  it('flapping target, retry only: every call gets the complete answer (one retry at most)', async () => {
    const flapping = await scriptedTarget('flapping', (index) => (index % 2 === 0 ? down : good));
    try {
      for (let call = 0; call < 6; call += 1) {
        const result = await run(flapping.provider.stream(chatRequest('m')));
        expectCompleteOrClean(result);
        expect(result.error).toBeUndefined();
      }
      expect(flapping.server.requests).toHaveLength(12);
    } finally {
      await flapping.close();
    }
  });

  it('flapping target, failover: every call gets the complete answer within a second', async () => {
    const flapping = await scriptedTarget('flapping', (index) => (index % 3 === 0 ? good : down));
    const healthy = await scriptedTarget('healthy', () => good);
    try {
      const llm = withFailover([flapping.provider, healthy.provider], {
        circuitBreaker: { failureThreshold: 2, cooldownMs: 200, maxCooldownMs: 400 },
      });
      for (let call = 0; call < 8; call += 1) {
        const started = performance.now();
        const result = await run(llm.stream(chatRequest('m')));
        expectCompleteOrClean(result);
        expect(result.error).toBeUndefined();
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    } finally {
      await Promise.all([flapping.close(), healthy.close()]);
    }
  });

  it('outage window: retry only ends with a clean error during it and the answer after it; failover answers throughout and returns', async () => {
    let outage = true;
    const primary = await scriptedTarget('primary', () => (outage ? down : good));
    const healthy = await scriptedTarget('healthy', () => good);
    try {
      const during = await run(primary.provider.stream(chatRequest('m')));
      expectCompleteOrClean(during);
      expect(during.error).toMatchObject({ kind: 'overloaded' });
      const llm = withFailover([primary.provider, healthy.provider], {
        circuitBreaker: { failureThreshold: 1, cooldownMs: 200, maxCooldownMs: 400 },
      });
      for (let call = 0; call < 3; call += 1) {
        const result = await run(llm.stream(chatRequest('m')));
        expectCompleteOrClean(result);
        expect(result.parts.at(-1)?.provider).toBe('healthy');
      }
      outage = false;
      // Recovered: within one (grown, capped) cooldown the primary has its traffic back.
      await sleep(450);
      const after = await run(llm.stream(chatRequest('m')));
      expectCompleteOrClean(after);
      expect(after.parts.at(-1)?.provider).toBe('primary');
      expectCompleteOrClean(await run(primary.provider.stream(chatRequest('m'))));
    } finally {
      await Promise.all([primary.close(), healthy.close()]);
    }
  });
});
