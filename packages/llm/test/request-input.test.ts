import { ProviderError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { type Harness, startHarness } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

describe('requests as users write them', () => {
  it('answers { model, messages } with the defaults filled in, over both wire formats', async () => {
    const openai = createOpenAiCompatibleProvider({
      baseUrl: harness.server.openAiBaseUrl,
      dispatcher: harness.agent,
    });
    const anthropic = createAnthropicProvider({
      baseUrl: harness.server.anthropicBaseUrl,
      apiKey: 'k',
      dispatcher: harness.agent,
    });
    for (const provider of [openai, anthropic]) {
      const answer = await provider.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.content).toBe('ok');
    }
    expect(harness.server.requests).toHaveLength(2);
  });

  it('fails a malformed request at once with invalid-request naming the field, never retried as network', async () => {
    const provider = withRetry(
      createOpenAiCompatibleProvider({ baseUrl: harness.server.openAiBaseUrl, dispatcher: harness.agent }),
      { maxRetries: 3, baseDelayMs: 1 },
    );
    const malformed = { model: 'm', messages: [{ role: 'user', content: 5 }], tools: 'none' } as never;
    const error = await provider.complete(malformed).catch((caught: unknown) => caught);
    expect(ProviderError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'invalid-request', retryable: false });
    expect((error as Error).message).toContain('request.messages[0].content');
    expect((error as Error).message).toContain('request.tools');
    const streamed = async () => {
      for await (const _part of provider.stream(malformed)) {
        // drained only to reach the failure
      }
    };
    await expect(streamed()).rejects.toMatchObject({ kind: 'invalid-request' });
    expect(harness.server.requests).toHaveLength(0);
  });
});
