import type { LlmProvider, RoutingDecision } from '@clawft/types';
import type { TargetReport } from './attempt-recorder.js';

/** The provider to call for one routed request. */
export interface TransportCall {
  provider: LlmProvider;
  /** The model id sent in the request to `provider`. */
  model: string;
  /** The provider id the first attempt's parts will carry. */
  providerId: string;
}

/**
 * Turns a routing decision into a provider call. `onTargetAttempt` receives the failover layer's account of each
 * target's attempt (usage of failed partial streams), when there is a failover layer.
 */
export interface LlmTransport {
  callFor(decision: RoutingDecision, hooks: { onTargetAttempt(report: TargetReport): void }): TransportCall;
}
