import { ProviderError, parseConfig } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvider } from '../src/providers/create-provider.js';
import { resolveRetryPolicy } from '../src/retry/retry-policy.js';
import { withRetry } from '../src/retry/with-retry.js';
import { chatRequest, type Harness, startHarness } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

/** The provider `local` from a config.json text, wrapped in the retry layer its config describes. */
function fromConfig(json: Record<string, unknown>) {
  const { config } = parseConfig({
    ...json,
    providers: {
      local: { apiBase: harness.server.openAiBaseUrl, ...(json.providers as object | undefined) },
    },
  });
  const settings = config.providers.local;
  const provider = createProvider('local', settings, {
    dispatcher: harness.agent,
    timeouts: config.timeouts,
  });
  return withRetry(provider, resolveRetryPolicy(config.retry, settings?.retry), { budget: false });
}

const gaps = (harness: Harness) =>
  harness.server.requests
    .slice(1)
    .map((request, index) => request.receivedAt - (harness.server.requests[index]?.receivedAt ?? 0));

describe('config.json retry section (D4), against the fake server', () => {
  it('maxRetries sets the number of attempts', async () => {
    for (let index = 0; index < 10; index += 1) harness.server.enqueue({ type: 'status', status: 502 });
    const error = await fromConfig({ retry: { maxRetries: 4, baseDelayMs: 1 } })
      .complete(chatRequest('m'))
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'server-error', status: 502 });
    expect(harness.server.requests).toHaveLength(5);
    expect(ProviderError.is(error) && error.attempts).toHaveLength(5);
    await harness.closeAgentAndCheck();
  });

  it('baseDelayMs and jitter set the waits between attempts', async () => {
    harness.server.enqueue(
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
      { type: 'answer' },
    );
    await fromConfig({ retry: { baseDelayMs: 150, jitter: 0 } }).complete(chatRequest('m'));
    const [first, second] = gaps(harness);
    expect(first).toBeGreaterThanOrEqual(145);
    expect(second).toBeGreaterThanOrEqual(295);
    await harness.closeAgentAndCheck();
  });

  it('retryableStatusCodes decides which statuses are retried', async () => {
    harness.server.enqueue(
      { type: 'status', status: 500 },
      { type: 'status', status: 503 },
      { type: 'answer' },
    );
    const provider = fromConfig({ retry: { retryableStatusCodes: [503], baseDelayMs: 1 } });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({
      kind: 'server-error',
      status: 500,
    });
    expect(harness.server.requests).toHaveLength(1);
    await expect(provider.complete(chatRequest('m'))).resolves.toMatchObject({ content: 'ok' });
    expect(harness.server.requests).toHaveLength(3);
    await harness.closeAgentAndCheck();
  });

  it('a provider override replaces the global value for that provider only', async () => {
    for (let index = 0; index < 5; index += 1) harness.server.enqueue({ type: 'status', status: 503 });
    const provider = fromConfig({
      retry: { maxRetries: 4, baseDelayMs: 1 },
      providers: { retry: { maxRetries: 1 } },
    });
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({ kind: 'overloaded' });
    expect(harness.server.requests).toHaveLength(2);
    await harness.closeAgentAndCheck();
  });

  it('waits the Retry-After (1 s) before the second attempt, and not much longer', async () => {
    harness.server.enqueue(
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
      { type: 'answer' },
    );
    await fromConfig({ retry: { baseDelayMs: 10 } }).complete(chatRequest('m'));
    const [gap] = gaps(harness);
    expect(gap).toBeGreaterThanOrEqual(900);
    // Upper bound with room for a loaded machine; a doubled wait (2 s) would still fail it.
    expect(gap).toBeLessThanOrEqual(1_900);
    await harness.closeAgentAndCheck();
  });

  it('fails at once, marked retryWaitTooLong, when Retry-After is beyond maxRetryAfterMs', async () => {
    harness.server.enqueue({ type: 'status', status: 429, headers: { 'retry-after': '120' } });
    const started = performance.now();
    const error = await fromConfig({ retry: { maxRetryAfterMs: 5000 } })
      .complete(chatRequest('m'))
      .catch((e) => e);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 120_000, retryWaitTooLong: true });
    expect(harness.server.requests).toHaveLength(1);
    await harness.closeAgentAndCheck();
  });

  it('retries a 507 and a 529 with the default policy, and never a 400', async () => {
    harness.server.enqueue(
      { type: 'status', status: 507 },
      { type: 'status', status: 529 },
      { type: 'answer' },
      { type: 'status', status: 400 },
    );
    const provider = fromConfig({ retry: { baseDelayMs: 1 } });
    await expect(provider.complete(chatRequest('m'))).resolves.toMatchObject({ content: 'ok' });
    expect(harness.server.requests).toHaveLength(3);
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({
      kind: 'invalid-request',
      status: 400,
    });
    expect(harness.server.requests).toHaveLength(4);
    await harness.closeAgentAndCheck();
  });
});
