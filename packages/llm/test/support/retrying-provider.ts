import type { LlmProvider } from '@clawft/types';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import type { HttpProviderOptions } from '../../src/providers/create-http-provider.js';
import { createOpenAiCompatibleProvider } from '../../src/providers/openai-compatible.js';
import { withRetry } from '../../src/retry/with-retry.js';
import type { Harness } from './harness.js';

/** Short timers, so the timer faults fire quickly. */
export const FAULT_TIMEOUTS = { headersMs: 300, firstTokenMs: 300, idleMs: 300, totalMs: 5000 };

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
