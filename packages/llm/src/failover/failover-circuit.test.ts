import type { ChatRequest } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectParts } from '../../test/failover-helpers.js';
import { Circuit } from '../circuit-breaker/circuit.js';
import { assembleText } from '../stream/assemble-text.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import type { AttemptReport } from './failover-options.js';
import { withFailover } from './with-failover.js';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};

describe('withFailover circuit breaker', () => {
  it('skips an open target with circuit-open at no cost, probes it once after the cooldown, and closes on success', async () => {
    const clock = { now: 0 };
    let healthy = false;
    const a = createScriptedProvider({
      id: 'a',
      turns: () =>
        healthy ? { type: 'answer', chunks: ['A'] } : { type: 'fail', kind: 'server-error', status: 500 },
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const reports: AttemptReport[] = [];
    const llm = withFailover([a, b], {
      circuitBreaker: { failureThreshold: 2, cooldownMs: 1_000 },
      now: () => clock.now,
      onAttempt: (report) => reports.push(report),
    });
    for (let index = 0; index < 5; index += 1) expect((await llm.complete(request)).content).toBe('B');
    expect(a.requests).toHaveLength(2);
    expect(reports.filter((report) => report.outcome === 'skipped')).toHaveLength(3);
    expect(reports.find((report) => report.outcome === 'skipped')?.error?.kind).toBe('circuit-open');
    healthy = true;
    clock.now = 999;
    expect((await llm.complete(request)).content).toBe('B');
    clock.now = 1_000;
    const parts = await collectParts(llm.stream(request));
    expect(assembleText(parts)).toBe('A');
    expect(a.requests).toHaveLength(3);
    expect((await llm.complete(request)).content).toBe('A');
  });

  it('lets a single probe through while several calls run at once', async () => {
    const clock = { now: 0 };
    const circuit = new Circuit({ failureThreshold: 1, cooldownMs: 100, now: () => clock.now });
    circuit.record(circuit.acquire(), 'failure');
    clock.now = 100;
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'answer', chunks: ['A'], chunkDelayMs: 20 }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const llm = withFailover([{ provider: a, circuit }, b]);
    const answers = await Promise.all([1, 2, 3].map(() => llm.complete(request)));
    expect(answers.map((answer) => answer.content).sort()).toEqual(['A', 'B', 'B']);
    expect(circuit.state).toBe('closed');
  });

  it('serves a flapping primary’s traffic from the fallback during the outage and returns within a cooldown', async () => {
    const clock = { now: 0 };
    const outage = { from: 1_000, to: 5_000 };
    const a = createScriptedProvider({
      id: 'a',
      turns: () =>
        clock.now >= outage.from && clock.now < outage.to
          ? { type: 'fail', kind: 'overloaded', status: 503 }
          : { type: 'answer', chunks: ['A'] },
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const llm = withFailover([a, b], {
      circuitBreaker: { failureThreshold: 3, cooldownMs: 250, maxCooldownMs: 500 },
      now: () => clock.now,
    });
    const served: { at: number; by: string }[] = [];
    for (clock.now = 0; clock.now < 8_000; clock.now += 50) {
      served.push({ at: clock.now, by: (await llm.complete(request)).content });
    }
    expect(served.every(({ by }) => by === 'A' || by === 'B')).toBe(true);
    expect(served.filter(({ at }) => at < outage.from).every(({ by }) => by === 'A')).toBe(true);
    expect(served.filter(({ at }) => at >= outage.from && at < outage.to).every(({ by }) => by === 'B')).toBe(
      true,
    );
    const back = served.find(({ at, by }) => at >= outage.to && by === 'A');
    expect(back?.at).toBeLessThanOrEqual(outage.to + 500);
    expect(served.filter(({ at }) => at >= (back?.at ?? 0)).every(({ by }) => by === 'A')).toBe(true);
    const probesDuringOutage = a.requests.length - served.filter(({ by }) => by === 'A').length;
    expect(probesDuringOutage).toBeLessThanOrEqual(3 + Math.ceil((outage.to - outage.from) / 250));
  });
});
