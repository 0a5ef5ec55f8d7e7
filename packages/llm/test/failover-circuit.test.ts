import { describe, expect, it } from 'vitest';
import type { AttemptReport } from '../src/failover/failover-options.js';
import { withFailover } from '../src/failover/with-failover.js';
import { withRetry } from '../src/retry/with-retry.js';
import { request } from './failover-helpers.js';
import { useOpenedEndpoints } from './failover-hooks.js';

const opened = useOpenedEndpoints();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('circuit breaker over real sockets', () => {
  it('serves a flapping primary’s traffic from the fallback and gives it back within a cooldown of recovery', async () => {
    const COOLDOWN_MS = 250;
    let down = false;
    const primary = await opened.endpoint({
      id: 'a',
      script: () => (down ? { type: 'status', status: 503 } : { type: 'answer', text: 'A', chunks: 1 }),
    });
    const fallback = await opened.endpoint({
      id: 'b',
      script: () => ({ type: 'answer', text: 'B', chunks: 1 }),
    });
    const policy = { maxRetries: 1, baseDelayMs: 5, jitter: 0 };
    const reports: AttemptReport[] = [];
    const llm = withFailover(
      [
        withRetry(primary.provider, policy, { budget: false }),
        withRetry(fallback.provider, policy, { budget: false }),
      ],
      {
        circuitBreaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS, maxCooldownMs: 2 * COOLDOWN_MS },
        onAttempt: (report) => reports.push(report),
      },
    );
    const call = async () => (await llm.complete(request)).content;

    for (let index = 0; index < 3; index += 1) expect(await call()).toBe('A');
    down = true;
    const outageStart = primary.server.requests.length;
    const duringOutage: string[] = [];
    const outageEndsAt = performance.now() + 4 * COOLDOWN_MS;
    while (performance.now() < outageEndsAt) {
      duringOutage.push(await call());
      await sleep(10);
    }
    expect(duringOutage.every((answer) => answer === 'B')).toBe(true);
    // Two failing calls (2 attempts each: one retry) open the circuit; then one un-retried probe per cooldown.
    const hitsDuringOutage = primary.server.requests.length - outageStart;
    expect(hitsDuringOutage).toBeLessThanOrEqual(2 * 2 + 2 * 5);
    expect(reports.filter((report) => report.outcome === 'skipped').length).toBeGreaterThan(
      duringOutage.length / 2,
    );

    down = false;
    const recoveredAt = performance.now();
    let backAt = Number.POSITIVE_INFINITY;
    while (performance.now() - recoveredAt < 10 * COOLDOWN_MS) {
      if ((await call()) === 'A') {
        backAt = performance.now();
        break;
      }
      await sleep(10);
    }
    // Within the (grown, capped) cooldown of the recovery, with room for a loaded machine.
    expect(backAt - recoveredAt).toBeLessThanOrEqual(2 * COOLDOWN_MS + 1_000);
    for (let index = 0; index < 3; index += 1) expect(await call()).toBe('A');
  });

  it('half-open: of several concurrent calls after the cooldown exactly one probes the primary', async () => {
    let down = true;
    const primary = await opened.endpoint({
      id: 'a',
      script: () =>
        down ? { type: 'status', status: 500 } : { type: 'answer', text: 'A', chunks: 2, chunkDelayMs: 30 },
    });
    const fallback = await opened.endpoint({ id: 'b', script: () => ({ type: 'answer', text: 'B' }) });
    const llm = withFailover([primary.provider, fallback.provider], {
      circuitBreaker: { failureThreshold: 1, cooldownMs: 100 },
    });
    expect((await llm.complete(request)).content).toBe('B');
    down = false;
    await sleep(120);
    const before = primary.server.requests.length;
    const answers = await Promise.all([1, 2, 3, 4].map(async () => (await llm.complete(request)).content));
    expect(primary.server.requests.length - before).toBe(1);
    expect(answers.sort()).toEqual(['A', 'B', 'B', 'B']);
    expect((await llm.complete(request)).content).toBe('A');
  });
});
