export { backoffDelayMs, type SseEvent, SseParser } from '@clawft/types/internal';
export {
  Circuit,
  type CircuitOptions,
  type CircuitOutcome,
  type CircuitPermit,
  type CircuitState,
} from './circuit-breaker/circuit.js';
export type { ErrorContext } from './errors/error-context.js';
export { type HttpErrorInput, kindForStatus, mapHttpError, mapInBandError } from './errors/map-http-error.js';
export { mapNetworkError } from './errors/map-network-error.js';
export type { ResponseHeaders } from './errors/response-headers.js';
export { parseRetryAfter } from './errors/retry-after.js';
export {
  type AttemptReport,
  DEFAULT_FAILOVER_KINDS,
  type FailoverOptions,
  type FailoverTarget,
} from './failover/failover-options.js';
export { withFailover } from './failover/with-failover.js';
export { sharedAgent } from './http/shared-agent.js';
export { type AnthropicProviderOptions, createAnthropicProvider } from './providers/anthropic.js';
export { collectResponse } from './providers/collect-response.js';
export type { HttpProviderOptions, ProviderCallOptions } from './providers/create-http-provider.js';
export {
  type CreateProviderOptions,
  createProvider,
  type ProviderSettingsInput,
} from './providers/create-provider.js';
export { type ModelId, parseModelId } from './providers/model-id.js';
export {
  createOpenAiCompatibleProvider,
  type OpenAiCompatibleProviderOptions,
} from './providers/openai-compatible.js';
export { PROVIDER_PRESETS, type ProviderPreset, presetFor } from './providers/presets.js';
export { processRetryBudget, RetryBudgetBucket } from './retry/retry-budget.js';
export { type RetryPolicyInput, resolveRetryPolicy } from './retry/retry-policy.js';
export { type RetryEvent, type WithRetryOptions, withRetry } from './retry/with-retry.js';
export { type ApplyPartHandlerOptions, applyPartHandler } from './stream/apply-part-handler.js';
export { assembleText } from './stream/assemble-text.js';
export { ResponseFold } from './stream/response-fold.js';
