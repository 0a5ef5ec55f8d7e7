import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { AttemptReport } from '../src/failover/failover-options.js';
import { withFailover } from '../src/failover/with-failover.js';
import { withRetry } from '../src/retry/with-retry.js';
import { collectParts, providerFailure, request } from './failover-helpers.js';
import { useOpenedEndpoints } from './failover-hooks.js';

const opened = useOpenedEndpoints();

/** The model of each part, and of the `from`/`to` of `failover` parts. */
function modelsOf(parts: readonly StreamPart[]): string[] {
  return parts.flatMap((part) =>
    part.type === 'failover'
      ? [
          `${part.provider}:${part.model}`,
          `from ${part.from.provider}:${part.from.model}`,
          `to ${part.to.provider}:${part.to.model}`,
        ]
      : [`${part.provider}:${part.model}`],
  );
}

describe('the model on parts, errors and reports of a failover stream (real sockets)', () => {
  it('is the provider’s own model name (no `provider/` slot) on every part, retry and failover parts included', async () => {
    const a = await opened.endpoint({
      id: 'a',
      script: [
        { type: 'status', status: 503 },
        { type: 'answer', text: 'abcd', chunks: 4, cutAfterChunks: 2 },
      ],
    });
    const b = await opened.endpoint({ id: 'b', script: [{ type: 'answer', text: 'whole', chunks: 2 }] });
    const reports: AttemptReport[] = [];
    const policy = { maxRetries: 1, baseDelayMs: 1, jitter: 0 };
    const llm = withFailover(
      [
        withRetry(a.provider, policy, { budget: false }),
        { provider: withRetry(b.provider, policy, { budget: false }), model: 'b/m2' },
      ],
      { onAttempt: (report) => reports.push(report) },
    );
    const parts = await collectParts(llm.stream({ ...request, model: 'a/m' }));
    expect(parts.map((part) => part.type)).toContain('retry');
    expect(parts.map((part) => part.type)).toContain('reset');
    const models = new Set(modelsOf(parts));
    expect([...models].sort()).toEqual(['a:m', 'b:m2', 'from a:m', 'to b:m2']);
    expect(reports.map((report) => `${report.provider}:${report.model}`)).toEqual(['a:m', 'b:m2']);
    // The requests on the wire carry the bare model either way.
    const sentModels = (server: typeof a.server) =>
      server.requests.map((received) => (received.body as { model: string }).model);
    expect(sentModels(a.server)).toEqual(['m', 'm']);
    expect(sentModels(b.server)).toEqual(['m2']);
  });

  it('is the same form in all-providers-failed attempts and circuit-open skips', async () => {
    const a = await opened.endpoint({ id: 'a', script: [{ type: 'status', status: 500 }] });
    const b = await opened.endpoint({ id: 'b', script: [{ type: 'status', status: 502 }] });
    const llm = withFailover([a.provider, { provider: b.provider, model: 'b/m2' }], {
      circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 },
    });
    const first = await providerFailure(llm.complete({ ...request, model: 'a/m' }));
    expect(first.attempts?.map((attempt) => `${attempt.provider}:${attempt.model}`)).toEqual(['a:m', 'b:m2']);
    const second = await providerFailure(collectParts(llm.stream({ ...request, model: 'a/m' })));
    expect(second.attempts?.map((attempt) => `${attempt.kind} ${attempt.provider}:${attempt.model}`)).toEqual(
      ['circuit-open a:m', 'circuit-open b:m2'],
    );
  });
});
