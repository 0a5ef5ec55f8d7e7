import { TurnTimingsSchema, UsageSchema } from '@clawft/types';
import { z } from 'zod';

/** A content part of an OpenAI message; only text parts are read, others are refused by name. */
const ContentPartSchema = z.object({ type: z.string(), text: z.string().optional() }).loose();

/** One message of an OpenAI chat completions request. */
export const OpenAiMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: z.union([z.string(), z.array(ContentPartSchema), z.null()]).optional(),
    name: z.string().optional(),
  })
  .loose();
export type OpenAiMessage = z.infer<typeof OpenAiMessageSchema>;

/**
 * `POST /v1/chat/completions` body as the gateway reads it. Unknown fields (sampling options, `tools`, …) are
 * accepted and ignored: the agent's own tools run server-side.
 */
export const ChatCompletionRequestSchema = z
  .object({
    /** `provider/model`, or anything else for the configured default (e.g. `clawft`). */
    model: z.string().min(1),
    messages: z.array(OpenAiMessageSchema).min(1),
    /** @default false */
    stream: z.boolean().default(false),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    user: z.string().optional(),
  })
  .loose();
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

/** OpenAI usage counts. */
export const OpenAiUsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type OpenAiUsage = z.infer<typeof OpenAiUsageSchema>;

/** A tool call the agent ran server-side during the turn. */
export const ClawftToolCallSchema = z.object({
  callId: z.string(),
  name: z.string(),
  durationMs: z.number().nonnegative(),
  isError: z.boolean(),
});

/**
 * The `clawft` extension field on a completion (and on the last chunk of a stream): what the turn did that the
 * OpenAI shape has no room for.
 */
export const ClawftExtensionSchema = z.object({
  turnId: z.string(),
  sessionKey: z.string(),
  /** `answered`, `failed`, `iteration-limit`, `tool-crash`, `aborted`. */
  end: z.string(),
  toolCalls: z.array(ClawftToolCallSchema),
  usage: UsageSchema,
  costUsd: z.number().nonnegative(),
  /** Provider attempts (retries and failovers each add one). */
  attempts: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  timings: TurnTimingsSchema,
});
export type ClawftExtension = z.infer<typeof ClawftExtensionSchema>;

/** A non-streaming answer. */
export const ChatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      finish_reason: z.enum(['stop', 'length']),
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsageSchema,
  clawft: ClawftExtensionSchema,
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

/** One streamed chunk. */
export const ChatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      finish_reason: z.enum(['stop', 'length']).nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsageSchema.nullable().optional(),
  clawft: ClawftExtensionSchema.optional(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;

/** The error body every non-2xx answer carries (OpenAI's shape, plus which limit and when it resets). */
export interface GatewayErrorBody {
  error: {
    message: string;
    type: string;
    /** Stable machine-readable kind: `unauthorized`, `budget-exceeded`, `rate-limited`, `bus-full`, … */
    code: string;
    param: string | null;
    /** When the limit at fault lets the request in again, ms from now. */
    retry_after_ms?: number;
  };
}
