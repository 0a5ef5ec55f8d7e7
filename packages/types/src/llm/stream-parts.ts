import { z } from 'zod';
import { ErrorInfoSchema } from '../errors/error-info.js';
import { FinishReasonSchema, ToolCallSchema, UsageSchema } from './chat.js';

/** Carried by every part: which attempt (1-based) of which provider and model produced it. */
const PartOrigin = {
  attempt: z.number().int().positive(),
  provider: z.string(),
  model: z.string(),
};

const ProviderTargetSchema = z.object({ provider: z.string(), model: z.string() });

export const TextDeltaPartSchema = z.object({
  type: z.literal('text-delta'),
  text: z.string(),
  ...PartOrigin,
});
export const ReasoningDeltaPartSchema = z.object({
  type: z.literal('reasoning-delta'),
  text: z.string(),
  ...PartOrigin,
});
/** A complete, parsed tool call. Emitted once, only from an attempt that finished. */
export const ToolCallPartSchema = z.object({
  type: z.literal('tool-call'),
  toolCall: ToolCallSchema,
  ...PartOrigin,
});
export const UsagePartSchema = z.object({ type: z.literal('usage'), usage: UsageSchema, ...PartOrigin });
export const FinishPartSchema = z.object({
  type: z.literal('finish'),
  finishReason: FinishReasonSchema,
  usage: UsageSchema,
  /** The model the provider reports having used (may differ from `model`, the one asked for). */
  responseModel: z.string().optional(),
  /** The provider's request id (`x-request-id` / `request-id`), when it sent one. */
  requestId: z.string().optional(),
  /** Tolerant mode only: unreadable events that were skipped (output may be missing). Absent when none. */
  droppedEvents: z.number().int().positive().optional(),
  ...PartOrigin,
});
/** The previous attempt failed before any output; the next one starts after `delayMs`. */
export const RetryPartSchema = z.object({
  type: z.literal('retry'),
  delayMs: z.number().nonnegative(),
  error: ErrorInfoSchema,
  ...PartOrigin,
});
/** Moving from one target to the next. */
export const FailoverPartSchema = z.object({
  type: z.literal('failover'),
  from: ProviderTargetSchema,
  to: ProviderTargetSchema,
  error: ErrorInfoSchema,
  ...PartOrigin,
});
/** Discard everything shown since the last `reset` (or the start): the next attempt starts from scratch. */
export const ResetPartSchema = z.object({
  type: z.literal('reset'),
  discardedText: z.string(),
  discardedToolCalls: z.number().int().nonnegative(),
  ...PartOrigin,
});

/** What a streaming call yields. Discriminated by `type`. */
export const StreamPartSchema = z.discriminatedUnion('type', [
  TextDeltaPartSchema,
  ReasoningDeltaPartSchema,
  ToolCallPartSchema,
  UsagePartSchema,
  FinishPartSchema,
  RetryPartSchema,
  FailoverPartSchema,
  ResetPartSchema,
]);
export type StreamPart = z.infer<typeof StreamPartSchema>;
export type StreamPartType = StreamPart['type'];
export type TextDeltaPart = z.infer<typeof TextDeltaPartSchema>;
export type ReasoningDeltaPart = z.infer<typeof ReasoningDeltaPartSchema>;
export type ToolCallPart = z.infer<typeof ToolCallPartSchema>;
export type UsagePart = z.infer<typeof UsagePartSchema>;
export type FinishPart = z.infer<typeof FinishPartSchema>;
export type RetryPart = z.infer<typeof RetryPartSchema>;
export type FailoverPart = z.infer<typeof FailoverPartSchema>;
export type ResetPart = z.infer<typeof ResetPartSchema>;
export type ProviderTarget = z.infer<typeof ProviderTargetSchema>;
export { ProviderTargetSchema };
