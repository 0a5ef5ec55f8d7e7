import type { ChatMessage, ChatRequest } from '@clawft/types';
import type { WireRequest } from './wire-adapter.js';

/** Options of the OpenAI-compatible wire format. */
export interface OpenAiRequestOptions {
  /** Send `stream_options: {include_usage: true}` (some older compatible servers reject it). @default true */
  streamUsage?: boolean;
}

function toWireMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
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
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.stop !== undefined) body.stop = request.stop;
  return { path: '/chat/completions', body };
}
