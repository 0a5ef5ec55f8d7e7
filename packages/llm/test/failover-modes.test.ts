import { ProviderError, type StreamMode } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { withRetry } from '../src/retry/with-retry.js';
import { assembleText } from '../src/stream/assemble-text.js';
import type { FakeStep } from '../src/testing/index.js';
import { chunkedText, readAll, request } from './failover-helpers.js';
import { useOpenedEndpoints } from './failover-hooks.js';

const opened = useOpenedEndpoints();

async function run(
  streamMode: StreamMode,
  b: FakeStep,
  options: { holdChars?: number; prefill?: boolean } = {},
) {
  const a = await opened.resetting(3);
  const fallback = await opened.endpoint({
    id: 'b',
    script: [b],
    assistantPrefill: options.prefill ?? false,
  });
  const llm = withFailover([a, fallback.provider], {
    streamMode,
    holdMs: 5_000,
    ...(options.holdChars === undefined ? {} : { holdChars: options.holdChars }),
  });
  const outcome = await readAll(llm.stream(request)).then(
    (seen) => ({ parts: seen.map(({ part }) => part), error: undefined }),
    (error: unknown) => ({ parts: [], error }),
  );
  return { ...outcome, fallback };
}

describe('stream modes over real sockets', () => {
  it('hold: A’s parts never show when A dies inside the hold window; B answers', async () => {
    const { parts } = await run('hold', { type: 'answer', text: 'Bravo!', chunks: 3 }, { holdChars: 100 });
    expect(parts.filter((part) => part.provider === 'a').map((part) => part.type)).toEqual(['failover']);
    expect(parts.map((part) => part.type)).not.toContain('reset');
    expect(assembleText(parts)).toBe('Bravo!');
  });

  it('hold: once released, a failure resets like restart', async () => {
    const { parts } = await run('hold', { type: 'answer', text: 'Bravo!', chunks: 3 }, { holdChars: 2 });
    expect(parts.find((part) => part.type === 'reset')).toMatchObject({ discardedText: chunkedText('A', 3) });
    expect(assembleText(parts)).toBe('Bravo!');
  });

  it('continue: B gets the shown text as an assistant prefill and its continuation is appended', async () => {
    const { parts, fallback } = await run(
      'continue',
      { type: 'answer', text: ' and the rest', chunks: 3 },
      { prefill: true },
    );
    expect(parts.map((part) => part.type)).not.toContain('reset');
    expect(assembleText(parts)).toBe(`${chunkedText('A', 3)} and the rest`);
    const body = fallback.server.requests[0]?.body as { messages: { role: string; content: unknown }[] };
    expect(body.messages.at(-1)).toMatchObject({ role: 'assistant', content: chunkedText('A', 3) });
  });

  it('continue: a rejected continuation reports the original mid-stream failure', async () => {
    const { error } = await run('continue', { type: 'status', status: 400 }, { prefill: true });
    expect(ProviderError.is(error) && { provider: error.provider, phase: error.phase }).toEqual({
      provider: 'a',
      phase: 'mid-stream',
    });
    expect(ProviderError.is(error) && error.kind).toBe('stream-truncated');
  });

  it('continue: restarts when B cannot take a prefill', async () => {
    const { parts, fallback } = await run('continue', { type: 'answer', text: 'Fresh.', chunks: 2 });
    expect(parts.map((part) => part.type)).toContain('reset');
    expect(assembleText(parts)).toBe('Fresh.');
    const body = fallback.server.requests[0]?.body as { messages: unknown[] } | undefined;
    expect(body?.messages).toHaveLength(1);
  });

  it('fail: raises stream-truncated with the partial text and never calls B', async () => {
    const { error, fallback } = await run('fail', { type: 'answer', text: 'unused' });
    expect(ProviderError.is(error) && error.kind).toBe('stream-truncated');
    expect(ProviderError.is(error) && error.partialText).toBe(chunkedText('A', 3));
    expect(fallback.server.requests).toHaveLength(0);
  });

  it('restart through withRetry: a stream that already produced output is not retried, it fails over', async () => {
    const a = await opened.resetting(2);
    const b = await opened.endpoint({ id: 'b', script: [{ type: 'answer', text: 'B!', chunks: 2 }] });
    const policy = { maxRetries: 3, baseDelayMs: 1 };
    const llm = withFailover([
      withRetry(a, policy, { budget: false }),
      withRetry(b.provider, policy, { budget: false }),
    ]);
    const parts = (await readAll(llm.stream(request))).map(({ part }) => part);
    expect(parts.filter((part) => part.type === 'retry')).toHaveLength(0);
    expect(assembleText(parts)).toBe('B!');
  });
});
