import type { AgentLoop, BusTransport, RunTurnOptions, TurnResult } from '@clawft/core';
import type { InboundMessage } from '@clawft/types';

/**
 * Whatever runs the gateway's turns: the agent loop in this process (`AgentLoop`, bus `memory`) or the workers on a
 * shared bus (`BusTurnClient`, bus `nats`). Both resolve with the reply and outcome, forward the turn's events to
 * `onEvent` and stop the turn when `signal` aborts.
 */
export interface TurnRunner {
  runTurn(message: InboundMessage, options: Pick<RunTurnOptions, 'onEvent' | 'signal'>): Promise<TurnResult>;
}

/** What the gateway needs besides its config: who runs turns, the sessions they write, the bus for metrics. */
export interface GatewayBackend {
  turns: TurnRunner;
  /** The workspace's sessions (the sessions routes read them; one-off sessions are removed). */
  sessions: GatewaySessions;
  /**
   * The bus behind the turns: an in-process `MessageBus` gives the channel gauges; any other transport (NATS) gives
   * the gauges of `transportMetrics()`, and its reachability decides `/readyz`.
   */
  bus: BusTransport;
}

/**
 * The session histories the turns write, as the loop sees them (`SessionHistory`): a `SessionStore` in the
 * workspace, whose loads see appends made by other processes too (the workers).
 */
export type GatewaySessions = AgentLoop['sessions'];
