import { z } from 'zod';
import { StatusCodeMatcherSchema } from '../errors/retryable.js';

const ms = () => z.number().int().nonnegative();

// Field schemas without defaults, shared by the full schemas (which add the defaults) and the per-provider
// overrides (where a field left out must stay undefined so the global value applies: zod 4's `.partial()` keeps
// inner defaults, which would silently reset the global settings).
const timeoutFields = { connectMs: ms(), headersMs: ms(), firstTokenMs: ms(), idleMs: ms(), totalMs: ms() };

/** The four provider timers (plus connect), in milliseconds. 0 disables a timer. */
export const TimeoutsSchema = z.object({
  /** TCP + TLS connect. @default 10000 */
  connectMs: timeoutFields.connectMs.default(10_000),
  /** From sending the request to the response headers. @default 60000 */
  headersMs: timeoutFields.headersMs.default(60_000),
  /** From the headers to the first real output part. @default 60000 */
  firstTokenMs: timeoutFields.firstTokenMs.default(60_000),
  /** Longest gap between real output parts; keepalive comments do not reset it. @default 30000 */
  idleMs: timeoutFields.idleMs.default(30_000),
  /** Whole call, start to last byte. @default 600000 */
  totalMs: timeoutFields.totalMs.default(600_000),
});
export type Timeouts = z.infer<typeof TimeoutsSchema>;

/** Process-wide retry budget (a token bucket): each retry spends one token, each success refills `tokenRatio`. */
export const RetryBudgetSchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Bucket size; retries are refused while the bucket holds less than half of it. @default 100 */
  maxTokens: z.number().positive().default(100),
  /** Tokens returned by each successful call. @default 0.1 */
  tokenRatio: z.number().nonnegative().default(0.1),
});
export type RetryBudget = z.infer<typeof RetryBudgetSchema>;

const retryFields = {
  maxRetries: z.number().int().min(0).max(20),
  baseDelayMs: ms(),
  maxDelayMs: ms(),
  jitter: z.number().min(0).max(1),
  retryableStatusCodes: z.array(StatusCodeMatcherSchema),
  respectRetryAfter: z.boolean(),
  maxRetryAfterMs: ms(),
  retriesBeforeFailover: z.number().int().min(0).max(20),
  timeoutRetriesBeforeFailover: z.number().int().min(0).max(20),
};

/** How failed provider calls are retried. */
export const RetryPolicySchema = z.object({
  /** Retries after the first attempt (0 disables retrying). @default 3 */
  maxRetries: retryFields.maxRetries.default(3),
  /** Delay before the first retry; doubles each time. @default 500 */
  baseDelayMs: retryFields.baseDelayMs.default(500),
  /** Cap on the computed backoff delay. @default 30000 */
  maxDelayMs: retryFields.maxDelayMs.default(30_000),
  /** Random share taken off each delay, 0 (none) to 1 (full jitter). @default 0.2 */
  jitter: retryFields.jitter.default(0.2),
  /** HTTP statuses (or classes such as "5xx") worth retrying. @default [408, 409, 425, 429, "5xx"] */
  retryableStatusCodes: retryFields.retryableStatusCodes.default([408, 409, 425, 429, '5xx']),
  /** Treat Retry-After / retry-after-ms as a floor on the delay. @default true */
  respectRetryAfter: retryFields.respectRetryAfter.default(true),
  /** A server asking to wait longer than this fails at once (so failover can move on). @default 60000 */
  maxRetryAfterMs: retryFields.maxRetryAfterMs.default(60_000),
  /**
   * Retries on one target while failover has another target to try (429, 5xx, overloaded, a broken connection);
   * with no target left, `maxRetries` applies. @default 1
   */
  retriesBeforeFailover: retryFields.retriesBeforeFailover.default(1),
  /** The same for a client timer that fired (headers, first token, idle, total, connect). @default 0 */
  timeoutRetriesBeforeFailover: retryFields.timeoutRetriesBeforeFailover.default(0),
  budget: RetryBudgetSchema.prefault({}),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** Per-provider override of the retry policy: any field may be left out (and then the global value applies). */
export const RetryPolicyOverrideSchema = z.object(retryFields).partial();
export type RetryPolicyOverride = z.infer<typeof RetryPolicyOverrideSchema>;

/** One provider slot under `providers` (keyed by name: `openai`, `anthropic`, `groq`, or your own). */
export const ProviderSettingsSchema = z.object({
  /** API key. If absent, the preset's environment variable (e.g. OPENAI_API_KEY) is read. */
  apiKey: z.string().optional(),
  /** Base URL, e.g. `https://api.openai.com/v1`. Defaults to the preset's. */
  apiBase: z.string().url().optional(),
  /** Wire protocol; presets set it. `openai` for any OpenAI-compatible endpoint. */
  api: z.enum(['openai', 'anthropic']).optional(),
  /** Extra HTTP headers sent with every request (names kept as written). */
  extraHeaders: z.record(z.string(), z.string()).default({}),
  /** Per-provider timer overrides; a field left out keeps the global `timeouts` value. */
  timeouts: z.object(timeoutFields).partial().optional(),
  retry: RetryPolicyOverrideSchema.optional(),
  /** Whether this provider accepts a trailing assistant message to continue (failover `continue` mode). */
  assistantPrefill: z.boolean().optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

/** Per-target circuit breaker. */
export const CircuitBreakerSchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold: z.number().int().positive().default(5),
  /**
   * How long an open circuit first skips its target before one un-retried probe (at least any Retry-After).
   * @default 2000
   */
  cooldownMs: ms().default(2_000),
  /** Each failed probe multiplies the cooldown by this. @default 2 */
  cooldownMultiplier: z.number().min(1).max(100).default(2),
  /** The longest the cooldown grows to (a longer Retry-After still wins). @default 60000 */
  maxCooldownMs: ms().default(60_000),
});
export type CircuitBreaker = z.infer<typeof CircuitBreakerSchema>;

export const StreamModeSchema = z.enum(['restart', 'hold', 'continue', 'fail']);
export type StreamMode = z.infer<typeof StreamModeSchema>;

/** Moving to the next provider when one fails. */
export const FailoverSchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Models (`provider/model`) tried in order after the primary. @default [] */
  targets: z.array(z.string().min(1)).default([]),
  /** What a mid-stream failure does. @default "restart" */
  streamMode: StreamModeSchema.default('restart'),
  /** `hold` mode: output is held back until this long has passed… @default 1000 */
  holdMs: ms().default(1_000),
  /** …or this many characters have arrived, whichever comes first. @default 200 */
  holdChars: z.number().int().nonnegative().default(200),
  /** A larger-context model to try on `context-length-exceeded`. */
  contextLengthTarget: z.string().optional(),
  circuitBreaker: CircuitBreakerSchema.prefault({}),
});
export type Failover = z.infer<typeof FailoverSchema>;
