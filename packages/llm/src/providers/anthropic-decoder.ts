import { emptyUsage, type FinishReason, type StreamPart, type Usage } from '@clawft/types';
import { z } from 'zod';
import { mapFinishReason } from '../stream-assembly/finish-reason.js';
import { ToolCallAssembler } from '../stream-assembly/tool-call-assembler.js';
import { plainTextDelta } from './anthropic-text-delta.js';
import type { DecodeResult, PartOrigin, StreamDecoder, StreamEnding } from './wire-adapter.js';

const count = () => z.number().int().nonnegative().nullish();
const UsageWireSchema = z.object({
  input_tokens: count(),
  output_tokens: count(),
  cache_read_input_tokens: count(),
  cache_creation_input_tokens: count(),
});

/** The Messages stream events clawft reads (`ping` and `content_block_stop` are skipped, unknown types ignored). */
export const EventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({ model: z.string().nullish(), usage: UsageWireSchema.nullish() }),
  }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number().int().nonnegative(),
    content_block: z.object({ type: z.string(), id: z.string().nullish(), name: z.string().nullish() }),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number().int().nonnegative(),
    delta: z.object({
      type: z.string(),
      text: z.string().nullish(),
      thinking: z.string().nullish(),
      partial_json: z.string().nullish(),
    }),
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: UsageWireSchema.nullish(),
  }),
  z.object({ type: z.literal('message_stop') }),
]);

type Event = z.infer<typeof EventSchema>;
/** Event types read by `EventSchema`. */
const READ = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'message_delta',
  'message_stop',
]);
/** Known types that carry nothing clawft needs. Any other type is unknown: ignored and counted (forward compatible). */
const SKIPPED = new Set(['ping', 'content_block_stop']);

/** Reads Anthropic Messages stream events. */
export class AnthropicDecoder implements StreamDecoder {
  error: unknown;
  private readonly tools = new ToolCallAssembler();
  private readonly usage: Usage = emptyUsage();
  private finishReason: FinishReason | undefined;
  private responseModel: string | undefined;
  private stopped = false;

  constructor(private readonly origin: PartOrigin) {}

  event(eventType: string, data: string, out: StreamPart[]): DecodeResult {
    if (SKIPPED.has(eventType)) return 'none';
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (eventType !== 'error') return 'malformed';
      // An error event whose data is not JSON (a proxy's text): still an error, carrying the text.
      this.error = { error: { message: data } };
      return 'error';
    }
    const type = (json as { type?: unknown } | null)?.type;
    if (eventType === 'error' || type === 'error') {
      this.error = json;
      return 'error';
    }
    if (typeof type !== 'string') return 'malformed';
    // Nearly every event is a text delta: read without the schema's copy (same checks, same result), and before
    // the type lookups (its type is a read one).
    const text = plainTextDelta(json as Record<string, unknown>);
    if (text !== undefined) {
      const { attempt, provider, model } = this.origin;
      out.push({ type: 'text-delta', text, attempt, provider, model });
      return 'output';
    }
    if (SKIPPED.has(type)) return 'none';
    if (!READ.has(type)) return 'ignored';
    const parsed = EventSchema.safeParse(json);
    if (!parsed.success) return 'malformed';
    return this.handle(parsed.data, out);
  }

  private handle(event: Event, out: StreamPart[]): DecodeResult {
    const { attempt, provider, model } = this.origin;
    switch (event.type) {
      case 'message_start':
        this.responseModel = event.message.model ?? undefined;
        this.addUsage(event.message.usage);
        return 'none';
      case 'content_block_start':
        if (event.content_block.type !== 'tool_use') return 'none';
        this.tools.start(event.index, event.content_block.id, event.content_block.name);
        return 'output';
      case 'content_block_delta': {
        // Only a delta that carries something is output: empty ones (or unknown delta types) must not feed the
        // idle timer, or a server sending them keeps a dead stream alive.
        const { delta } = event;
        if (delta.type === 'input_json_delta') {
          if (!delta.partial_json) return 'none';
          this.tools.append(event.index, delta.partial_json);
        } else if (delta.text) out.push({ type: 'text-delta', text: delta.text, attempt, provider, model });
        else if (delta.thinking)
          out.push({ type: 'reasoning-delta', text: delta.thinking, attempt, provider, model });
        else return 'none';
        return 'output';
      }
      case 'message_delta':
        if (event.delta.stop_reason) this.finishReason = mapFinishReason(event.delta.stop_reason);
        this.addUsage(event.usage);
        if (event.usage) out.push({ type: 'usage', usage: { ...this.usage }, attempt, provider, model });
        return 'none';
      case 'message_stop':
        this.stopped = true;
        return 'done';
    }
  }

  private addUsage(wire: z.infer<typeof UsageWireSchema> | null | undefined): void {
    if (!wire) return;
    if (wire.input_tokens != null) this.usage.inputTokens = wire.input_tokens;
    if (wire.output_tokens != null) this.usage.outputTokens = wire.output_tokens;
    if (wire.cache_read_input_tokens != null) this.usage.cacheReadTokens = wire.cache_read_input_tokens;
    if (wire.cache_creation_input_tokens != null)
      this.usage.cacheWriteTokens = wire.cache_creation_input_tokens;
  }

  end(): StreamEnding | undefined {
    if (!this.stopped) return undefined;
    const toolCalls = this.tools.finish();
    return {
      finishReason: this.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
      usage: { ...this.usage },
      toolCalls,
      responseModel: this.responseModel,
    };
  }
}
