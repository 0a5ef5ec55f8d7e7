import type { ProviderError } from '@clawft/types';

/**
 * What `withFailover` tells the target it calls, so that `withRetry` spends few retries on a target when another
 * one can take over: passed in the call options as `failover`.
 */
export interface FailoverHint {
  /** This call is a circuit's half-open probe: one attempt, no retry. */
  probe: boolean;
  /** Whether failover would move on to another target after `error` (its kind moves on and a target remains). */
  canMoveOn(error: ProviderError): boolean;
}
