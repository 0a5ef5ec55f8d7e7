import type { LlmProvider } from '@clawft/types';
import { afterEach, beforeEach } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import type { HttpProviderOptions } from '../../src/providers/create-http-provider.js';
import { createOpenAiCompatibleProvider } from '../../src/providers/openai-compatible.js';
import { withRetry } from '../../src/retry/with-retry.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Short timers, so the timer faults fire quickly, yet long enough that a loaded 2-core machine does not trip
 * them on a healthy answer (300 ms did: a first token arrived late and the stall under test was never reached).
 */
export const FAULT_TIMEOUTS = { headersMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000, totalMs: 10_000 };

/** A provider of `api` pointed at the harness's fake server, wrapped in a quick `withRetry` (no budget). */
export function retryingProvider(
  harness: Harness,
  api: 'openai' | 'anthropic',
  options: Partial<HttpProviderOptions> = {},
  maxRetries = 1,
): LlmProvider {
  const common = { dispatcher: harness.agent, timeouts: FAULT_TIMEOUTS, ...options };
  const inner =
    api === 'openai'
      ? createOpenAiCompatibleProvider({ baseUrl: harness.server.openAiBaseUrl, ...common })
      : createAnthropicProvider({ baseUrl: harness.server.anthropicBaseUrl, ...common });
  return withRetry(inner, { maxRetries, baseDelayMs: 5, jitter: 0 }, { budget: false });
}

/** A fresh harness for each test of the calling file (disposed after it), and `retrying` providers pointed at it. */
export function useFaultHarness(): {
  readonly harness: Harness;
  retrying: (api: 'openai' | 'anthropic', options?: Partial<HttpProviderOptions>) => LlmProvider;
} {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  const fault = {
    get harness(): Harness {
      if (current === undefined) throw new Error('useFaultHarness: the harness exists only inside a test');
      return current;
    },
    retrying: (api: 'openai' | 'anthropic', options: Partial<HttpProviderOptions> = {}) =>
      retryingProvider(fault.harness, api, options),
  };
  return fault;
}
