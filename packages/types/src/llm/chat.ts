import { z } from 'zod';

/** A JSON Schema document (draft 2020-12 or 7), as sent to models and used to validate tool arguments. */
export const JsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof JsonSchemaSchema>;

/** A complete tool call with parsed arguments. Argument fragments never leave a provider. */
export const ToolCallSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** A tool the model may call. */
export const ToolDefinitionSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'tool names use letters, digits, _ and - (at most 128)'),
  description: z.string(),
  parameters: JsonSchemaSchema,
});
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;

export const SystemMessageSchema = z.object({ role: z.literal('system'), content: z.string() });
export const UserMessageSchema = z.object({ role: z.literal('user'), content: z.string() });
export const AssistantMessageSchema = z.object({
  role: z.literal('assistant'),
  content: z.string(),
  toolCalls: z.array(ToolCallSchema).default([]),
  reasoning: z.string().optional(),
});
export const ToolMessageSchema = z.object({
  role: z.literal('tool'),
  toolCallId: z.string().min(1),
  name: z.string(),
  content: z.string(),
  isError: z.boolean().default(false),
});

/** One message of a conversation sent to a model. */
export const ChatMessageSchema = z.discriminatedUnion('role', [
  SystemMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
]);
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type SystemMessage = z.infer<typeof SystemMessageSchema>;
export type UserMessage = z.infer<typeof UserMessageSchema>;
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof ToolMessageSchema>;

/** A request to a model. `model` is `provider/model` (e.g. `openai/gpt-4o-mini`) or a bare model id. */
export const ChatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).min(1),
  tools: z.array(ToolDefinitionSchema).default([]),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  stop: z.array(z.string()).optional(),
  /** Who the call is for; carried to routing decisions and the cost tracker. */
  senderId: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;
/** What callers may pass: defaults (`tools`, `metadata`) may be left out. */
export type ChatRequestInput = z.input<typeof ChatRequestSchema>;

/** Token counts as the provider reported them. */
export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative().default(0),
  cacheWriteTokens: z.number().int().nonnegative().default(0),
});
export type Usage = z.infer<typeof UsageSchema>;

export const FinishReasonSchema = z.enum(['stop', 'length', 'tool-calls', 'content-filter', 'other']);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/** A whole answer from one provider. */
export const LlmResponseSchema = z.object({
  content: z.string(),
  reasoning: z.string().optional(),
  toolCalls: z.array(ToolCallSchema),
  finishReason: FinishReasonSchema,
  usage: UsageSchema,
  /** The model the provider reports having used (may differ from the one asked for). */
  model: z.string(),
  provider: z.string(),
  requestId: z.string().optional(),
  /** Tolerant mode only: unreadable stream events that were skipped (output may be missing). */
  droppedEvents: z.number().int().positive().optional(),
});
export type LlmResponse = z.infer<typeof LlmResponseSchema>;

/** Empty usage, for counting up. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}
