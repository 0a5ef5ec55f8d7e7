import { z } from 'zod';
import { ErrorInfoSchema } from '../errors/error-info.js';
import { UsageSchema } from '../llm/chat.js';
import { StreamPartSchema } from '../llm/stream-parts.js';

/** Carried by every turn event: which turn of which session. */
const TurnOrigin = {
  /** Unique per turn (a UUID). */
  turnId: z.string().min(1),
  /** `channel:chatId`. */
  sessionKey: z.string().min(1),
  /** `InboundMessage.metadata.messageId` when the sender set one. */
  messageId: z.string().optional(),
};

/** One model call of a turn. Offsets count from the start of the turn (the message's arrival), milliseconds. */
export const TurnLlmCallSchema = z.object({
  /** 1-based model → tools round. */
  iteration: z.number().int().positive(),
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** Offset of the first output part of this call, when there was one. */
  firstTokenMs: z.number().nonnegative().optional(),
  /** Provider attempts (retries and failovers each add one). */
  attempts: z.number().int().nonnegative(),
  provider: z.string().optional(),
  model: z.string().optional(),
  success: z.boolean(),
  errorKind: z.string().optional(),
  costUsd: z.number().nonnegative(),
});
export type TurnLlmCall = z.infer<typeof TurnLlmCallSchema>;

/** One tool call of a turn. Calls of one round overlap, so their durations do not add up to the round's. */
export const TurnToolCallSchema = z.object({
  iteration: z.number().int().positive(),
  callId: z.string(),
  name: z.string(),
  /** Running time once its locks were held, milliseconds. */
  durationMs: z.number().nonnegative(),
  /** Waiting for path locks and a concurrency slot, milliseconds. */
  lockWaitMs: z.number().nonnegative(),
  isError: z.boolean(),
  timedOut: z.boolean(),
});
export type TurnToolCall = z.infer<typeof TurnToolCallSchema>;

/**
 * Where the time of a turn went (monotonic clock, milliseconds). The stages tile the turn: `queueMs + contextMs +
 * llmMs + toolsMs + persistMs + publishMs` equals the outcome's `latencyMs`.
 */
export const TurnTimingsSchema = z.object({
  /** In the bus and waiting for the session's previous turn and a turn slot. */
  queueMs: z.number().nonnegative(),
  /** Loading the session and building the context. */
  contextMs: z.number().nonnegative(),
  /** Offset of the turn's first output part (any model call). */
  firstTokenMs: z.number().nonnegative().optional(),
  /** All model calls. */
  llmMs: z.number().nonnegative(),
  /** All tool rounds (wall time of each round's batch). */
  toolsMs: z.number().nonnegative(),
  /** Session appends. */
  persistMs: z.number().nonnegative(),
  /** Queuing the reply on the bus. */
  publishMs: z.number().nonnegative(),
  llmCalls: z.array(TurnLlmCallSchema),
  tools: z.array(TurnToolCallSchema),
});
export type TurnTimings = z.infer<typeof TurnTimingsSchema>;

/** Why a turn ended. Every kind but `answered` ends with a reply that says what happened and what to do. */
export const TurnEndSchema = z.enum(['answered', 'failed', 'iteration-limit', 'tool-crash', 'aborted']);
export type TurnEnd = z.infer<typeof TurnEndSchema>;

/** The record of one turn: the reply, why it ended, timings, usage and cost. */
export const TurnOutcomeSchema = z.object({
  end: TurnEndSchema,
  success: z.boolean(),
  /** The error behind a failed turn (`kind` from the error, or `iteration-limit`, `tool-crash`). */
  error: ErrorInfoSchema.optional(),
  /** The reply text sent to the person. */
  content: z.string(),
  iterations: z.number().int().nonnegative(),
  /** The model of the last successful call. */
  model: z.string().optional(),
  /** Provider attempts over all calls. */
  attempts: z.number().int().nonnegative(),
  usage: UsageSchema,
  costUsd: z.number().nonnegative(),
  /** Arrival to reply queued, monotonic, milliseconds; never zero. */
  latencyMs: z.number().positive(),
  timings: TurnTimingsSchema,
  /** Whether the reply reached the outbound bus (it is in the session either way). */
  published: z.boolean(),
});
export type TurnOutcome = z.infer<typeof TurnOutcomeSchema>;

export const TurnStartEventSchema = z.object({
  type: z.literal('turn-start'),
  ...TurnOrigin,
  senderId: z.string(),
  /** Time spent waiting before the turn started, milliseconds. */
  queueMs: z.number().nonnegative(),
});
/** A stream part of a model call, as the pipeline delivered it (`text-delta`, `retry`, `failover`, `reset`, …). */
export const TurnPartEventSchema = z.object({
  type: z.literal('part'),
  ...TurnOrigin,
  iteration: z.number().int().positive(),
  part: StreamPartSchema,
});
export const ToolStartEventSchema = z.object({
  type: z.literal('tool-start'),
  ...TurnOrigin,
  iteration: z.number().int().positive(),
  callId: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});
export const ToolFinishEventSchema = z.object({
  type: z.literal('tool-finish'),
  ...TurnOrigin,
  ...TurnToolCallSchema.shape,
});
export const TurnFinishEventSchema = z.object({
  type: z.literal('turn-finish'),
  ...TurnOrigin,
  outcome: TurnOutcomeSchema,
});

/** What a watcher of a turn receives, in order: `turn-start`, parts and tool events, then `turn-finish`. */
export const TurnEventSchema = z.discriminatedUnion('type', [
  TurnStartEventSchema,
  TurnPartEventSchema,
  ToolStartEventSchema,
  ToolFinishEventSchema,
  TurnFinishEventSchema,
]);
export type TurnEvent = z.infer<typeof TurnEventSchema>;
export type TurnEventType = TurnEvent['type'];
export type TurnStartEvent = z.infer<typeof TurnStartEventSchema>;
export type TurnPartEvent = z.infer<typeof TurnPartEventSchema>;
export type ToolStartEvent = z.infer<typeof ToolStartEventSchema>;
export type ToolFinishEvent = z.infer<typeof ToolFinishEventSchema>;
export type TurnFinishEvent = z.infer<typeof TurnFinishEventSchema>;
