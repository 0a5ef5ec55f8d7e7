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

/** A piece of user content: text, or an image by URL or as base64 data. */
export const ContentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z
    .object({
      type: z.literal('image'),
      /** `https://…` (or a `data:` URL). Give `url` or `data`. */
      url: z.string().url().optional(),
      /** Base64 image bytes, with `mediaType`. */
      data: z.string().min(1).optional(),
      /** e.g. `image/png`. @default "image/png" with `data` */
      mediaType: z.string().optional(),
    })
    .refine((part) => (part.url === undefined) !== (part.data === undefined), {
      message: 'an image part needs exactly one of "url" or "data" (base64)',
    }),
]);
export type ContentPart = z.infer<typeof ContentPartSchema>;

export const SystemMessageSchema = z.object({ role: z.literal('system'), content: z.string() });
/** A user turn: a string, or parts (text and images). */
export const UserMessageSchema = z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(ContentPartSchema).min(1)]),
});

/** The text of user content (image parts left out). */
export function contentText(content: string | readonly ContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}
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
  /** Sequences that end the answer (OpenAI `stop`, Anthropic `stop_sequences`). */
  stopSequences: z.array(z.string()).optional(),
  /** Nucleus sampling, 0–1 (`top_p` on both wires). */
  topP: z.number().min(0).max(1).optional(),
  /** Deterministic sampling seed (OpenAI-compatible only; Anthropic has none and it is not sent). */
  seed: z.number().int().optional(),
  /** Whether and which tool the model must call. */
  toolChoice: z
    .union([z.enum(['auto', 'none', 'required']), z.object({ name: z.string().min(1) })])
    .optional(),
  /** Structured output: the answer is JSON matching `schema`. */
  responseFormat: z
    .object({
      type: z.literal('json-schema'),
      /** Name of the schema (OpenAI requires one). @default "response" */
      name: z
        .string()
        .regex(/^[a-zA-Z0-9_-]{1,64}$/)
        .default('response'),
      schema: JsonSchemaSchema,
      /** OpenAI strict mode. @default true */
      strict: z.boolean().default(true),
    })
    .optional(),
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
  /** Output tokens spent on reasoning (included in `outputTokens`); absent when the provider does not report them. */
  reasoningTokens: z.number().int().nonnegative().optional(),
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
