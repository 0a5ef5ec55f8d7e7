import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { FakeStep } from '../src/testing/index.js';
import { chatRequest, drain, drainUntilError, textOf } from './support/harness.js';
import { useFaultHarness } from './support/retrying-provider.js';

const fault = useFaultHarness();
const retryDelays = (parts: readonly StreamPart[]) =>
  parts.flatMap((part) => (part.type === 'retry' ? [part.delayMs] : []));

describe('429 with only rate-limit reset headers (H1.6)', () => {
  it.each([
    ['openai', { 'x-ratelimit-reset-requests': '400ms', 'x-ratelimit-remaining-requests': '0' }],
    ['openai', { 'x-ratelimit-reset-tokens': '0.4s' }],
  ] as const)('%s %j: the reset is a floor on the delay', async (api, headers) => {
    fault.harness.server.enqueue({ type: 'status', status: 429, headers }, { type: 'answer', text: 'ok' });
    const parts = await drain(fault.retrying(api).stream(chatRequest('m')));
    expect(textOf(parts)).toBe('ok');
    expect(retryDelays(parts)[0]).toBeGreaterThanOrEqual(400);
  });

  it('anthropic RFC 3339 reset: a floor on the delay', async () => {
    const reset = new Date(Date.now() + 1500).toISOString();
    const step: FakeStep = {
      type: 'status',
      status: 429,
      headers: { 'anthropic-ratelimit-tokens-reset': reset },
    };
    fault.harness.server.enqueue(step, { type: 'answer', text: 'ok' });
    const parts = await drain(fault.retrying('anthropic').stream(chatRequest('m')));
    expect(textOf(parts)).toBe('ok');
    expect(retryDelays(parts)[0]).toBeGreaterThanOrEqual(1000);
  });

  it('a reset beyond maxRetryAfterMs fails at once so failover can move on', async () => {
    const step: FakeStep = { type: 'status', status: 429, headers: { 'x-ratelimit-reset-requests': '5m0s' } };
    fault.harness.server.enqueue(step);
    const { error } = await drainUntilError(fault.retrying('openai').stream(chatRequest('m')));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 300_000, retryWaitTooLong: true });
    expect(fault.harness.server.requests).toHaveLength(1);
  });
});
