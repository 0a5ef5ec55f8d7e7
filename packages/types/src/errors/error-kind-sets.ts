import type { ProviderErrorKind } from './provider-error.js';
import { RETRYABLE_PROVIDER_KINDS } from './provider-error.js';

/**
 * The one home of "which error kinds count", read by every package (retry in llm reads `RETRYABLE_PROVIDER_KINDS`,
 * defined beside `ProviderError` because its constructor needs it).
 */

/**
 * Kinds after which failover moves on to the next target by default: the retryable ones, and those another
 * provider or credential may not have (`quota-exceeded`, `auth-failed`, `model-not-found`, `not-configured`), an
 * open circuit, a nested chain that failed. Not: `invalid-request`, `content-filtered` (the same request fails
 * anywhere), `context-length-exceeded` (handled apart: another model), `aborted`.
 */
export const FAILOVER_PROVIDER_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  ...RETRYABLE_PROVIDER_KINDS,
  'quota-exceeded',
  'auth-failed',
  'model-not-found',
  'not-configured',
  'circuit-open',
  'all-providers-failed',
]);

/**
 * Kinds that say a target (provider + model) is unwell: they count toward opening its circuit and toward the
 * router's model health. Every other kind is health-neutral (see `HEALTH_NEUTRAL_PROVIDER_KINDS`).
 */
export const TARGET_FAILURE_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  ...RETRYABLE_PROVIDER_KINDS,
  'quota-exceeded',
  'auth-failed',
  'model-not-found',
  'not-configured',
]);

/**
 * Kinds that say nothing about a target's health: the caller (`aborted`), the request (`invalid-request`,
 * `context-length-exceeded`, `content-filtered`), an open circuit (no call was made), a chain's summary.
 */
export const HEALTH_NEUTRAL_PROVIDER_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  'aborted',
  'invalid-request',
  'context-length-exceeded',
  'content-filtered',
  'circuit-open',
  'all-providers-failed',
]);

/** Kinds another model cannot fix, so the router does not escalate after them: the request or the caller. */
export const NOT_ESCALATED_PROVIDER_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  'aborted',
  'invalid-request',
]);
