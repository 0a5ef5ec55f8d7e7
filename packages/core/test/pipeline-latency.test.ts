// D5: every request, failures and refusals included, yields an outcome with a measured latency, and the stage
// timings add up to it.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeStep } from '@clawft/llm/testing';
import { type ConfigInput, type ResponseOutcome, ResponseOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './pipeline-harness.js';

interface Scenario {
  name: string;
  config?: ConfigInput;
  primary?: FakeStep[];
  backup?: FakeStep[];
  requests?: number;
  abortAfterMs?: number;
  expectSuccess: boolean[];
}

const failover = { failover: { targets: ['backup/model-c'] } };
const scenarios: Scenario[] = [
  {
    name: 'a streamed answer',
    primary: [{ type: 'answer', text: 'one two three', chunks: 3, firstTokenDelayMs: 20, chunkDelayMs: 5 }],
    expectSuccess: [true],
  },
  {
    name: 'a retry, then an answer',
    primary: [{ type: 'status', status: 500 }, { type: 'answer' }],
    expectSuccess: [true],
  },
  {
    name: 'a failover after a cut stream',
    config: failover,
    primary: [{ type: 'answer', text: 'abcdef', chunks: 3, chunkDelayMs: 20, cutAfterChunks: 2 }],
    expectSuccess: [true],
  },
  {
    name: 'every provider failing',
    config: failover,
    primary: [
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
    ],
    backup: [
      { type: 'status', status: 502 },
      { type: 'status', status: 502 },
      { type: 'status', status: 502 },
    ],
    expectSuccess: [false],
  },
  {
    name: 'an invalid request (not retried)',
    primary: [{ type: 'status', status: 400 }],
    expectSuccess: [false],
  },
  {
    name: 'a budget refusal',
    config: { routing: { costBudgets: { perSenderDailyLimitUsd: 1e-9, onExceeded: 'refuse' } } },
    expectSuccess: [false],
  },
  {
    name: 'a rate-limit refusal',
    config: { routing: { rateLimiting: { enabled: true, perSenderLimit: 1 } } },
    requests: 2,
    expectSuccess: [true, false],
  },
  {
    name: 'an abort while waiting for headers',
    primary: [{ type: 'hang' }],
    abortAfterMs: 30,
    expectSuccess: [false],
  },
];

describe('Pipeline outcomes (latency and stage timings)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it.each(scenarios)('measures latency for $name and the stages add up to it', async (scenario) => {
    harness = await startHarness(scenario.config, {
      ...(scenario.primary === undefined ? {} : { primary: scenario.primary }),
      ...(scenario.backup === undefined ? {} : { backup: scenario.backup }),
    });
    const outcomes: ResponseOutcome[] = [];
    const pipeline = await harness.pipeline({ onOutcome: (outcome) => outcomes.push(outcome) });
    for (let index = 0; index < (scenario.requests ?? 1); index += 1) {
      const signal =
        scenario.abortAfterMs === undefined ? undefined : AbortSignal.timeout(scenario.abortAfterMs);
      await pipeline
        .complete(
          { model: 'primary/model-a', messages: [{ role: 'user', content: 'hi' }], senderId: 'alice' },
          { queueMs: 3, contextMs: 2, ...(signal === undefined ? {} : { signal }) },
        )
        .catch(() => undefined);
    }
    expect(outcomes.map((outcome) => outcome.success)).toEqual(scenario.expectSuccess);
    for (const outcome of outcomes) {
      expect(outcome.latencyMs).toBeGreaterThan(0);
      expect(Number.isFinite(outcome.latencyMs)).toBe(true);
      const { timings } = outcome;
      const stages =
        timings.queueMs +
        timings.contextMs +
        timings.routeMs +
        timings.attempts.reduce((sum, attempt) => sum + attempt.durationMs, 0);
      expect(Math.abs(stages - outcome.latencyMs)).toBeLessThan(1);
      expect(timings.queueMs).toBe(3);
      expect(timings.contextMs).toBeGreaterThanOrEqual(2);
      for (const attempt of timings.attempts) {
        expect(attempt.startMs).toBeGreaterThanOrEqual(5);
        expect(attempt.startMs + attempt.durationMs).toBeLessThanOrEqual(outcome.latencyMs + 1e-6);
      }
      if (!outcome.success) expect(outcome.error?.kind).toEqual(expect.any(String));
    }
  });

  it('measures time to first token and counts the slow first token in the latency', async () => {
    harness = await startHarness({}, { primary: [{ type: 'answer', text: 'slow', firstTokenDelayMs: 60 }] });
    const pipeline = await harness.pipeline();
    const { outcome } = await pipeline.complete({
      model: 'primary/model-a',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(outcome.timings.firstTokenMs).toBeGreaterThanOrEqual(50);
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(
      outcome.timings.firstTokenMs ?? Number.POSITIVE_INFINITY,
    );
    expect(outcome.timings.attempts).toHaveLength(1);
  });

  it('appends every outcome, failures included, to observability.outcomesFile (mode 0600)', async () => {
    harness = await startHarness(
      { observability: { outcomesFile: 'logs/outcomes.jsonl' } },
      { primary: [{ type: 'answer' }, { type: 'status', status: 400 }] },
    );
    const pipeline = await harness.pipeline();
    const { requestId } = await pipeline.complete({
      model: 'primary/model-a',
      messages: [{ role: 'user', content: 'one' }],
    });
    await pipeline
      .complete({ model: 'primary/model-a', messages: [{ role: 'user', content: 'two' }] })
      .catch(() => undefined);
    await pipeline.flush();
    const file = join(harness.workspace, 'logs', 'outcomes.jsonl');
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => ResponseOutcomeSchema.parse(line).success)).toEqual([true, false]);
    expect(lines[0]?.requestId).toBe(requestId);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
