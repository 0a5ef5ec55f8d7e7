import type { ChatMessage, ChatRequest, ContentPart } from '@clawft/types';
import type { WireRequest } from './wire-adapter.js';

/** Options of the OpenAI-compatible wire format. */
export interface OpenAiRequestOptions {
  /** Send `stream_options: {include_usage: true}` (some older compatible servers reject it). @default true */
  streamUsage?: boolean;
  /**
   * The field `maxTokens` is sent as. `auto`: `max_completion_tokens` for OpenAI reasoning models (o-series,
   * gpt-5 family), which refuse `max_tokens`, and `max_tokens` for every other model (what compatible servers
   * read). @default "auto"
   */
  maxTokensField?: 'auto' | 'max_tokens' | 'max_completion_tokens';
}

/** OpenAI models that refuse `max_tokens` and take `max_completion_tokens`. */
const COMPLETION_TOKENS_MODEL = /^(?:openai\/)?(?:o\d|gpt-5)/i;

function userContent(content: string | readonly ContentPart[]): unknown {
  if (typeof content === 'string') return content;
  return content.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : {
          type: 'image_url',
          image_url: { url: part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data}` },
        },
  );
}

/** `toolChoice` and `responseFormat` as the chat-completions API spells them. */
function choiceFields(request: ChatRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const choice = request.toolChoice;
  if (choice !== undefined) {
    fields.tool_choice =
      typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  }
  const format = request.responseFormat;
  if (format !== undefined) {
    fields.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, strict: format.strict },
    };
  }
  return fields;
}

function toWireMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: userContent(message.content) };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content === '' && message.toolCalls.length > 0 ? null : message.content,
        ...(message.toolCalls.length > 0 && {
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        }),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

/** The chat-completions request body for `request`, streaming. */
export function buildOpenAiRequest(
  request: ChatRequest,
  model: string,
  options: OpenAiRequestOptions = {},
): WireRequest {
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map(toWireMessage),
    stream: true,
  };
  if (options.streamUsage !== false) body.stream_options = { include_usage: true };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (request.maxTokens !== undefined) body[maxTokensField(model, options)] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stopSequences !== undefined) body.stop = request.stopSequences;
  Object.assign(body, choiceFields(request));
  return { path: '/chat/completions', body };
}

function maxTokensField(
  model: string,
  options: OpenAiRequestOptions,
): 'max_tokens' | 'max_completion_tokens' {
  const field = options.maxTokensField ?? 'auto';
  if (field !== 'auto') return field;
  return COMPLETION_TOKENS_MODEL.test(model) ? 'max_completion_tokens' : 'max_tokens';
}
