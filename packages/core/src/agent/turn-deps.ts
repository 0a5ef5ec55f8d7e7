import type { AgentDefaults, InboundMessage, OutboundMessage, TurnOutcome } from '@clawft/types';
import type { MessageBus } from '../bus/message-bus.js';
import type { ContextBuilder } from '../context/context-builder.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { ToolRunner } from '../tools/tool-batch.js';
import type { TurnEventHandler } from './turn-watchers.js';

/** A reply that could not be queued on the bus (it is in the session), or a session append that failed. */
export type TurnProblem =
  | { type: 'reply-undelivered'; reply: OutboundMessage; error: unknown }
  | { type: 'append-failed'; sessionKey: string; error: unknown };

/** What every turn of one loop shares. */
export interface TurnDeps {
  bus: MessageBus;
  pipeline: Pipeline;
  sessions: SessionStore;
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
  /** Queue the reply on the bus outbound. */
  publish: boolean;
}
