import type { AgentDefaults, InboundMessage, OutboundMessage, TurnOutcome } from '@clawft/types';
import type { BusTransport } from '../bus/bus-transport.js';
import type { ContextBuilder } from '../context/context-builder.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Session, SessionHistory } from '../sessions/session-history.js';
import type { ToolRunner } from '../tools/tool-batch.js';
import type { TurnEventHandler } from './turn-watchers.js';

/**
 * A reply that could not be queued on the bus (it is in the session), a session append that failed, or a delivery
 * that could not be settled (acknowledged or handed back) with the bus.
 */
export type TurnProblem =
  | { type: 'reply-undelivered'; reply: OutboundMessage; error: unknown }
  | { type: 'append-failed'; sessionKey: string; error: unknown }
  | { type: 'settle-failed'; messageId: string; action: 'ack' | 'nak'; error: unknown };

/** What every turn of one loop shares. */
export interface TurnDeps {
  bus: BusTransport;
  pipeline: Pipeline;
  sessions: SessionHistory;
  context: ContextBuilder;
  tools: ToolRunner | undefined;
  defaults: AgentDefaults;
  /** Absolute workspace path handed to the tools. */
  workspace: string;
  clock: () => number;
  wallClock: () => number;
  onProblem: (problem: TurnProblem) => void;
}

/** A finished turn: the reply (published or not) and its outcome. */
export interface TurnResult {
  reply: OutboundMessage;
  outcome: TurnOutcome;
}

/** How one turn runs. */
export interface TurnSetup {
  message: InboundMessage;
  /** Monotonic time the loop took the message (before waiting for the session and a slot). */
  receivedMs: number;
  handlers: readonly TurnEventHandler[];
  signal: AbortSignal;
  /** Publishes the reply (to the bus outbound, or to the delivery's waiting publisher); absent: not published. */
  publish: ((reply: OutboundMessage) => Promise<void>) | undefined;
  /**
   * A delivery's session as the loop loaded it: when it holds part of this message's turn (a worker died or handed
   * it over), the turn resumes from there instead of starting again.
   */
  resumeFrom?: Session | undefined;
  /**
   * Aborted (with `signal`) when the loop hands the turn back to the bus at shutdown: the turn ends without a final
   * record or reply, and the delivery is `nak`ed for another worker to resume.
   */
  handOver?: AbortSignal | undefined;
}

/** A turn as the loop sees it: the result, and whether every append of the turn reached the session. */
export interface TurnRunResult extends TurnResult {
  persisted: boolean;
  /** Why the reply was not published (`outcome.published` is false), when a publish was tried. */
  publishError: unknown;
  /** Ended by a hand-over: nothing final was appended or published. */
  handedOver: boolean;
}
