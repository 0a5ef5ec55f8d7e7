import { describe, expect, it } from 'vitest';
import {
  FAILOVER_PROVIDER_KINDS,
  HEALTH_NEUTRAL_PROVIDER_KINDS,
  NOT_ESCALATED_PROVIDER_KINDS,
  TARGET_FAILURE_KINDS,
} from './error-kind-sets.js';
import { type ProviderErrorKind, RETRYABLE_PROVIDER_KINDS } from './provider-error.js';

const ALL: readonly ProviderErrorKind[] = [
  'rate-limited',
  'overloaded',
  'server-error',
  'network',
  'timeout',
  'stream-truncated',
  'malformed-response',
  'context-length-exceeded',
  'content-filtered',
  'auth-failed',
  'quota-exceeded',
  'model-not-found',
  'invalid-request',
  'not-configured',
  'circuit-open',
  'aborted',
  'all-providers-failed',
];

describe('the error kind sets', () => {
  it('every kind is either a target failure or health-neutral, never both', () => {
    for (const kind of ALL) {
      expect([TARGET_FAILURE_KINDS.has(kind), HEALTH_NEUTRAL_PROVIDER_KINDS.has(kind)], kind).toContain(true);
      expect(TARGET_FAILURE_KINDS.has(kind) && HEALTH_NEUTRAL_PROVIDER_KINDS.has(kind), kind).toBe(false);
    }
  });

  it('whatever is retried also fails over and counts against the target', () => {
    for (const kind of RETRYABLE_PROVIDER_KINDS) {
      expect(FAILOVER_PROVIDER_KINDS.has(kind), kind).toBe(true);
      expect(TARGET_FAILURE_KINDS.has(kind), kind).toBe(true);
    }
  });

  it('a request at fault neither fails over nor escalates', () => {
    for (const kind of ['invalid-request', 'aborted'] as const) {
      expect(FAILOVER_PROVIDER_KINDS.has(kind)).toBe(false);
      expect(NOT_ESCALATED_PROVIDER_KINDS.has(kind)).toBe(true);
    }
  });
});
