import { ProviderError, type StreamPart } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import type { FakeStep } from '../src/testing/index.js';
import { chatRequest, type Harness, startHarness } from './support/harness.js';

/**
 * Every fault class × {retry only, failover to a healthy target}: the outcome is the complete, correct answer or a
 * clean error — never a truncated success; attempts are counted; with failover the good answer arrives within one
 * timer (or Retry-After) plus a second. (The flapping target and the outage window with recovery, which need a
 * scripted clock or many calls, are in failover-circuit.test.ts and failover-budget.test.ts.)
 */

/** Client timers of the matrix: small, so the bound of one timer + 1 s has a wide margin on a loaded machine. */
const TIMER_MS = 300;
const RETRY_AFTER_MS = 200;
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
    expect(elapsedMs).toBeLessThan(fault.waitMs + 1_000);
  });
});
