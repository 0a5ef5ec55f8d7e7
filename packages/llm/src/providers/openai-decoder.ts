import { emptyUsage, type FinishReason, type StreamPart, type Usage } from '@clawft/types';
import { z } from 'zod';
import { mapFinishReason } from '../stream-assembly/finish-reason.js';
import { ToolCallAssembler } from '../stream-assembly/tool-call-assembler.js';
import { plainTextContent } from './openai-text-chunk.js';
import type { DecodeResult, PartOrigin, StreamDecoder, StreamEnding } from './wire-adapter.js';

const UsageWireSchema = z.object({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  completion_tokens_details: z
    .object({ reasoning_tokens: z.number().int().nonnegative().nullish() })
    .nullish(),
});

const ToolCallDeltaSchema = z.object({
  // Some compatible servers leave `index` out; the assembler then tells calls apart by id.
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

/** One `chat.completion.chunk`, as far as clawft reads it. */
export const ChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z.array(ToolCallDeltaSchema).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: UsageWireSchema.nullish(),
});

type UsageWire = z.infer<typeof UsageWireSchema>;

function toUsage(wire: UsageWire): Usage {
  return {
    ...emptyUsage(),
    inputTokens: wire.prompt_tokens ?? 0,
    outputTokens: wire.completion_tokens ?? 0,
    cacheReadTokens: wire.prompt_tokens_details?.cached_tokens ?? 0,
    ...(typeof wire.completion_tokens_details?.reasoning_tokens === 'number' && {
      reasoningTokens: wire.completion_tokens_details.reasoning_tokens,
    }),
  };
}

/** Reads OpenAI-compatible chat-completion chunks. */
export class OpenAiDecoder implements StreamDecoder {
  error: unknown;
  private readonly tools = new ToolCallAssembler();
  private finishReason: FinishReason | undefined;
  private usage: Usage | undefined;
  private responseModel: string | undefined;
  private sawDone = false;

  constructor(private readonly origin: PartOrigin) {}

  event(type: string, data: string, out: StreamPart[]): DecodeResult {
    if (data === '[DONE]') {
      this.sawDone = true;
      return 'done';
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (type !== 'error') return 'malformed';
      // An error event whose data is not JSON (a proxy's text): still an error, carrying the text.
      this.error = { error: { message: data } };
      return 'error';
    }
    if (type === 'error' || (typeof json === 'object' && json !== null && 'error' in json)) {
      this.error = json;
      return 'error';
    }
    // Nearly every chunk is a plain text delta: read without the schema's copy (same checks, same result).
    const text = typeof json === 'object' && json !== null ? plainTextContent(json) : undefined;
    if (text !== undefined) return this.text(json as { model?: string | null }, text, out);
    const parsed = ChunkSchema.safeParse(json);
    if (!parsed.success) return 'malformed';
    return this.chunk(parsed.data, out);
  }

  private text(chunk: { model?: string | null }, text: string, out: StreamPart[]): DecodeResult {
    if (chunk.model) this.responseModel = chunk.model;
    const { attempt, provider, model } = this.origin;
    out.push({ type: 'text-delta', text, attempt, provider, model });
    return 'output';
  }

  private chunk(chunk: z.infer<typeof ChunkSchema>, out: StreamPart[]): DecodeResult {
    const { attempt, provider, model } = this.origin;
    let result: DecodeResult = 'none';
    if (chunk.model) this.responseModel = chunk.model;
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) out.push({ type: 'reasoning-delta', text: reasoning, attempt, provider, model });
      if (delta.content) out.push({ type: 'text-delta', text: delta.content, attempt, provider, model });
      if (delta.tool_calls) {
        for (const call of delta.tool_calls) {
          const index = this.tools.indexOf(call.index, call.id);
          this.tools.start(index, call.id, call.function?.name);
          if (call.function?.arguments) this.tools.append(index, call.function.arguments);
        }
        result = 'output';
      }
    }
    if (choice?.finish_reason) this.finishReason = mapFinishReason(choice.finish_reason);
    if (delta?.content || delta?.reasoning_content || delta?.reasoning) result = 'output';
    if (chunk.usage) {
      // A usage part, but not output: it must not satisfy the first-token timer or reset the idle one.
      this.usage = toUsage(chunk.usage);
      out.push({ type: 'usage', usage: this.usage, attempt, provider, model });
    }
    return result;
  }

  end(): StreamEnding | undefined {
    if (this.finishReason === undefined && !this.sawDone) return undefined;
    const toolCalls = this.tools.finish();
    return {
      finishReason: this.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
      usage: this.usage ?? emptyUsage(),
      toolCalls,
      responseModel: this.responseModel,
    };
  }
}
