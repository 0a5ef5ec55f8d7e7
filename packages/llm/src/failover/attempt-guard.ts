import { type ProviderError, TARGET_FAILURE_KINDS } from '@clawft/types';
import type { CircuitOutcome } from '../circuit-breaker/circuit.js';
import { circuitOpenError } from './failover-errors.js';
import type { AttemptReport, ResolvedFailoverOptions } from './failover-options.js';
import type { PlannedTarget } from './target-cursor.js';

/** A permit from the target's circuit, settled exactly once (later calls are ignored). */
export interface AttemptGuard {
  /** Set when the circuit is open: the attempt is skipped with this `circuit-open` error. */
  readonly skipped: ProviderError | undefined;
  /** The attempt is the circuit's half-open probe: one try, no retries. */
  readonly probe: boolean;
  settle(outcome: 'success' | 'neutral' | ProviderError): void;
}

/** Asks the target's circuit for a permit. */
export function guardAttempt(target: PlannedTarget, model: string): AttemptGuard {
  const permit = target.circuit.acquire();
  if (!permit.allowed) {
    return {
      skipped: circuitOpenError({ provider: target.provider.id, model }, permit.retryInMs),
      probe: false,
      settle: () => {},
    };
  }
  let settled = false;
  return {
    skipped: undefined,
    probe: permit.probe,
    settle(outcome) {
      if (settled) return;
      settled = true;
      if (typeof outcome === 'string') target.circuit.record(permit, outcome);
      else target.circuit.record(permit, circuitOutcome(outcome), outcome.retryAfterMs);
    },
  };
}

function circuitOutcome(error: ProviderError): CircuitOutcome {
  return TARGET_FAILURE_KINDS.has(error.kind) || error.retryWaitTooLong ? 'failure' : 'neutral';
}

/** Hands a report to `onAttempt`; a throwing hook does not break the call. */
export function reportAttempt(options: ResolvedFailoverOptions, report: AttemptReport): void {
  try {
    options.onAttempt?.(report);
  } catch {
    // Accounting hooks must not change the outcome of the call.
  }
}
