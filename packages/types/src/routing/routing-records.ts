import { z } from 'zod';
import { ErrorInfoSchema } from '../errors/error-info.js';
import { UsageSchema } from '../llm/chat.js';

/** What the classifier made of a request. */
export const TaskProfileSchema = z.object({
  /** 0 (trivial) to 1 (hardest). */
  complexity: z.number().min(0).max(1),
  taskType: z.enum(['chat', 'code', 'analysis', 'creative', 'tool-use', 'research']),
  keywords: z.array(z.string()),
  estimatedInputTokens: z.number().int().nonnegative(),
  requiresTools: z.boolean(),
  /** How sure the classifier is, 0 to 1; low confidence may escalate. */
  confidence: z.number().min(0).max(1),
});
export type TaskProfile = z.infer<typeof TaskProfileSchema>;

/** Which provider and model a request goes to, and why. */
export const RoutingDecisionSchema = z.object({
  provider: z.string(),
  model: z.string(),
  tier: z.string().optional(),
  reason: z.string(),
  senderId: z.string().optional(),
  escalated: z.boolean().default(false),
  downgraded: z.boolean().default(false),
});
export type RoutingDecision = z.infer<typeof RoutingDecisionSchema>;

/** One provider attempt within a request (retries and failovers each add one). */
export const AttemptTimingSchema = z.object({
  provider: z.string(),
  model: z.string(),
  /** Offset from the start of the request, milliseconds. */
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  success: z.boolean(),
  errorKind: z.string().optional(),
});
export type AttemptTiming = z.infer<typeof AttemptTimingSchema>;

export const ToolTimingSchema = z.object({
  name: z.string(),
  durationMs: z.number().nonnegative(),
  lockWaitMs: z.number().nonnegative(),
});
export type ToolTiming = z.infer<typeof ToolTimingSchema>;

/** Where the time of one request went, in milliseconds from a monotonic clock. */
export const StageTimingsSchema = z.object({
  queueMs: z.number().nonnegative().default(0),
  contextMs: z.number().nonnegative().default(0),
  routeMs: z.number().nonnegative().default(0),
  firstTokenMs: z.number().nonnegative().optional(),
  attempts: z.array(AttemptTimingSchema).default([]),
  tools: z.array(ToolTimingSchema).default([]),
});
export type StageTimings = z.infer<typeof StageTimingsSchema>;

/** The record of one request, success or failure. `latencyMs` is measured, never zero-filled. */
export const ResponseOutcomeSchema = z.object({
  decision: RoutingDecisionSchema,
  success: z.boolean(),
  error: ErrorInfoSchema.optional(),
  latencyMs: z.number().positive(),
  timings: StageTimingsSchema,
  usage: UsageSchema,
  costUsd: z.number().nonnegative(),
  /** USD of `costUsd` beyond what was reserved for the request (the estimate was too low); absent when within. */
  costOverrunUsd: z.number().positive().optional(),
});
export type ResponseOutcome = z.infer<typeof ResponseOutcomeSchema>;
