import type { AgentDefaults } from '@clawft/types';
import type { BusTransport } from '../bus/bus-transport.js';
import type { ContextBuilder } from '../context/context-builder.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SessionHistory } from '../sessions/session-history.js';
import type { ToolRunner } from '../tools/tool-batch.js';
import type { TurnProblem } from './turn-deps.js';
import type { TurnEventHandler } from './turn-watchers.js';

export interface AgentLoopOptions {
  /**
   * The bus the loop consumes (`receiveInbound`) and answers on: the in-process `MessageBus` or a JetStream bus. Each
   * delivery is acknowledged once its reply is published and its session appended, and handed back (`nak`) when
   * its reply could not be published.
   */
  bus: BusTransport;
  pipeline: Pipeline;
  /** Where histories are kept: a `SessionStore` (JSONL files in the workspace) or another `SessionHistory`. */
  sessions: SessionHistory;
  context: ContextBuilder;
  /** The tools offered to the model (e.g. a `ToolRegistry`). Absent: no tools. */
  tools?: ToolRunner;
  /**
   * config.json `agents.defaults` (model, maxTokens, temperature, maxToolIterations, maxConcurrentTurns,
   * workspace), parsed or partial; defaults come from `AgentDefaultsSchema`.
   */
  defaults?: Partial<AgentDefaults>;
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: () => number;
  /** Wall clock for the time a message spent in the bus (`timestamp`), epoch milliseconds. @default Date.now */
  wallClock?: () => number;
  /**
   * A reply that could not be queued (the bus was closed or unreachable; the reply is kept in the session), a
   * session append that failed, or a delivery the bus did not let the loop settle. Must not throw.
   * @default writes one line to stderr
   */
  onProblem?: (problem: TurnProblem) => void;
}

/** Options of one turn run directly with `AgentLoop#runTurn`. */
export interface RunTurnOptions {
  /** Receives this turn's events (after the loop's watchers). */
  onEvent?: TurnEventHandler;
  /** Aborts the turn (the model call and every running tool); it still ends with a reply. */
  signal?: AbortSignal;
  /** Also queue the reply on the bus outbound. @default false */
  publish?: boolean;
}

/** Options of `AgentLoop#shutdown`. */
export interface ShutdownOptions {
  /** How long running and queued turns may take before they are aborted, milliseconds. @default 10000 */
  deadlineMs?: number;
}

/** What `AgentLoop#shutdown` did. */
export interface ShutdownReport {
  /** Turns that finished within the deadline. */
  finished: number;
  /** Turns aborted at the deadline (each answered with an `aborted` reply, or handed over). */
  aborted: number;
  /**
   * Deliveries handed back to a bus that redelivers (`nak`, no reply, no final record), for another worker to
   * resume; 0 in-process.
   */
  handedOver: number;
}
