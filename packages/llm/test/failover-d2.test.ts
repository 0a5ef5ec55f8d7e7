import { ProviderError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { withRetry } from '../src/retry/with-retry.js';
import { assembleText } from '../src/stream/assemble-text.js';
import { chunkedText, readAll, request, texts } from './failover-helpers.js';
import { useOpenedEndpoints } from './failover-hooks.js';
import { BEYOND_THE_TIMER_MS } from './support/harness.js';

// Long enough that a loaded 2-core machine does not pause a healthy 5000-part stream past it (150 ms did).
const IDLE_MS = 1_000;
const answerB = chunkedText('B', 40);

const opened = useOpenedEndpoints();

type Fault = 'reset' | 'cut' | 'stall';

/**
 * A target that streams `n` parts and then dies: a TCP reset (RST) once the client has read them, the connection
 * closed (FIN) before the body's end, or a stall (keepalives only) past idleMs.
 */
async function dyingTarget(fault: Fault, n: number, id = 'a') {
  if (fault === 'reset') return opened.resetting(n, { id, idleMs: 2_000 });
  const text = chunkedText('A', n + 10);
  const dies = fault === 'cut' ? { cutAfterChunks: n } : { stallAfterChunks: n, keepaliveEveryMs: 20 };
  const a = await opened.endpoint({
    id,
    idleMs: fault === 'cut' ? 2_000 : IDLE_MS,
    script: [{ type: 'answer', text, chunks: n + 10, ...dies }],
  });
  return a.provider;
}

async function pair(fault: Fault, n: number) {
  const a = await dyingTarget(fault, n);
  const b = await opened.endpoint({
    id: 'b',
    idleMs: IDLE_MS,
    script: [{ type: 'answer', text: answerB, chunks: 40 }],
  });
  const policy = { maxRetries: 0 };
  return withFailover([
    withRetry(a, policy, { budget: false }),
    withRetry(b.provider, policy, { budget: false }),
  ]);
}

describe('D2: a target dies mid-stream, the next one answers (real sockets)', () => {
  for (const fault of ['reset', 'cut', 'stall'] as const) {
    for (const n of [1, 3, 255, 256, 257, 5000]) {
      it(`${fault} after ${n} parts: A's parts live, then failover, reset, then exactly B's answer`, async () => {
        const seen = await readAll((await pair(fault, n)).stream(request));
        const parts = seen.map(({ part }) => part);
        const failoverAt = parts.findIndex((part) => part.type === 'failover');
        expect(texts(seen.slice(0, failoverAt), 'a')).toEqual(chunkedText('A', n).match(/.{2}/g));
        expect(parts.slice(0, failoverAt).every((part) => part.provider === 'a')).toBe(true);
        expect(parts[failoverAt]).toMatchObject({
          type: 'failover',
          from: { provider: 'a' },
          to: { provider: 'b' },
        });
        const kind = parts[failoverAt]?.type === 'failover' ? parts[failoverAt].error.kind : undefined;
        expect(kind).toBe(fault === 'stall' ? 'timeout' : 'stream-truncated');
        expect(parts[failoverAt + 1]).toMatchObject({ type: 'reset', discardedText: chunkedText('A', n) });
        const rest = parts.slice(failoverAt + 2);
        expect(rest.every((part) => part.provider === 'b')).toBe(true);
        expect(rest.at(-1)).toMatchObject({ type: 'finish', provider: 'b', finishReason: 'stop' });
        expect(assembleText(parts)).toBe(answerB);
        if (fault === 'stall') {
          // Live: A's last part reached the consumer an idle period before the failure was even known.
          const lastA = seen[failoverAt - 1]?.at ?? 0;
          expect((seen[failoverAt]?.at ?? 0) - lastA).toBeGreaterThanOrEqual(IDLE_MS * 0.8);
          // Stall detection: B's first part within idleMs + a wide margin of A's last part.
          expect((seen[failoverAt + 2]?.at ?? 0) - lastA).toBeLessThan(IDLE_MS + BEYOND_THE_TIMER_MS);
        }
      });
    }
  }

  it('shows A’s first part while A is still streaming (not buffered to the end)', async () => {
    const a = await opened.endpoint({
      id: 'a',
      script: [
        { type: 'answer', text: chunkedText('A', 20), chunks: 20, chunkDelayMs: 15, cutAfterChunks: 10 },
      ],
    });
    const b = await opened.endpoint({ id: 'b', script: [{ type: 'answer', text: answerB, chunks: 40 }] });
    const seen = await readAll(withFailover([a.provider, b.provider]).stream(request));
    const firstA = seen.find(({ part }) => part.provider === 'a' && part.type === 'text-delta')?.at ?? 0;
    const failover = seen.find(({ part }) => part.type === 'failover')?.at ?? 0;
    expect(failover - firstA).toBeGreaterThanOrEqual(9 * 15 * 0.7);
    expect(assembleText(seen.map(({ part }) => part))).toBe(answerB);
  });

  it('cut inside a tool call’s arguments: zero calls from A, B’s call exactly once', async () => {
    const a = await opened.endpoint({
      id: 'a',
      script: [
        {
          type: 'answer',
          toolCalls: [{ name: 'search', arguments: { query: 'half sent' }, fragments: 4 }],
          cutAfterChunks: 3,
        },
      ],
    });
    const b = await opened.endpoint({
      id: 'b',
      script: [
        { type: 'answer', toolCalls: [{ id: 'call_b', name: 'search', arguments: { query: 'whole' } }] },
      ],
    });
    const parts = (await readAll(withFailover([a.provider, b.provider]).stream(request))).map(
      ({ part }) => part,
    );
    const calls = parts.filter((part) => part.type === 'tool-call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      provider: 'b',
      toolCall: { id: 'call_b', arguments: { query: 'whole' } },
    });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('lists every attempt when both targets fail, with kind, status and phase', async () => {
    const a = await opened.endpoint({ id: 'a', script: [{ type: 'status', status: 500 }] });
    const b = await dyingTarget('reset', 2, 'b');
    const error = await readAll(withFailover([a.provider, b]).stream(request)).catch(
      (thrown: unknown) => thrown,
    );
    expect(ProviderError.is(error) && error.kind).toBe('all-providers-failed');
    const attempts = ProviderError.is(error) ? error.attempts : [];
    expect(attempts.map(({ provider, kind, status, phase }) => ({ provider, kind, status, phase }))).toEqual([
      { provider: 'a', kind: 'server-error', status: 500, phase: 'before-first-token' },
      { provider: 'b', kind: 'stream-truncated', status: undefined, phase: 'mid-stream' },
    ]);
  });
});
