import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../src/errors/map-network-error.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { chatRequest, drainUntilError, type Harness, startHarness, textOf } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

describe('the fake server cuts and resets at an exact point, whatever the consumer’s pace', () => {
  it('cutAfterChunks: a consumer that reads late still gets every chunk before the cut', async () => {
    // 800 chunks of 10 kB: more than the socket buffers hold, so most of it waits on the server while we sleep.
    const text = 'x'.repeat(8_000_000);
    harness.server.enqueue({ type: 'answer', text, chunks: 800, cutAfterChunks: 600 });
    const provider = createOpenAiCompatibleProvider({
      baseUrl: harness.server.openAiBaseUrl,
      dispatcher: harness.agent,
    });
    const parts = provider.stream(chatRequest('m'))[Symbol.asyncIterator]();
    const first = await parts.next();
    await sleep(150); // the server has long finished writing and closed its side
    const rest = await drainUntilError({ [Symbol.asyncIterator]: () => parts });
    expect(first.value).toMatchObject({ type: 'text-delta' });
    expect(rest.parts.filter((part) => part.type === 'text-delta')).toHaveLength(599);
    expect(textOf(rest.parts).length).toBe(599 * 10_000);
    expect(rest.error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });

  it('reset mid-stream (resetConnections on a silent stall): exactly the chunks read, then stream-truncated, not retried', async () => {
    harness.server.enqueue({
      type: 'answer',
      text: 'abcdef',
      chunks: 6,
      stallAfterChunks: 3,
      keepaliveEveryMs: 0,
    });
    const inner = createOpenAiCompatibleProvider({
      baseUrl: harness.server.openAiBaseUrl,
      dispatcher: harness.agent,
      timeouts: { idleMs: 10_000 },
    });
    const provider = withRetry(inner, { maxRetries: 2, baseDelayMs: 1 }, { budget: false });
    const texts: string[] = [];
    const result = await drainUntilError({
      async *[Symbol.asyncIterator]() {
        for await (const part of provider.stream(chatRequest('m'))) {
          yield part;
          if (part.type === 'text-delta' && texts.push(part.text) === 3) {
            expect(harness.server.resetConnections()).toBe(1);
          }
        }
      },
    });
    expect(texts).toEqual(['a', 'b', 'c']);
    expect(result.error).toMatchObject({ kind: 'stream-truncated', phase: 'mid-stream' });
    expect(errorCodeOf((result.error as Error).cause)).toBe('ECONNRESET');
    expect(ProviderError.is(result.error) && result.error.attempts).toHaveLength(1);
    expect(harness.server.requests).toHaveLength(1);
    await harness.expectNothingLeft();
  });
});
