import type { ChatMessage, ChatRequest } from '@clawft/types';
import type { WireRequest } from './wire-adapter.js';

/** Anthropic requires `max_tokens`; used when the request gives none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type WireMessage = { role: 'user' | 'assistant'; content: Record<string, unknown>[] };

function contentOf(message: Exclude<ChatMessage, { role: 'system' }>): Record<string, unknown>[] {
  switch (message.role) {
    case 'user':
      return [{ type: 'text', text: message.content }];
    case 'assistant':
      return [
        ...(message.content === '' ? [] : [{ type: 'text', text: message.content }]),
        ...message.toolCalls.map((call) => ({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: call.arguments,
        })),
      ];
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
          ...(message.isError && { is_error: true }),
        },
      ];
  }
}

/**
 * The Messages API body for `request`, streaming. System messages become `system`; tool results become user
 * turns; consecutive turns of one role are merged (the API requires alternation).
 */
export function buildAnthropicRequest(request: ChatRequest, model: string): WireRequest {
  const system: string[] = [];
  const messages: WireMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(...contentOf(message));
    else messages.push({ role, content: contentOf(message) });
  }
  const body: Record<string, unknown> = {
    model,
    messages,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    stream: true,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters,
    }));
  }
  if (request.temperature !== undefined) body.temperature = Math.min(request.temperature, 1);
  if (request.stop !== undefined) body.stop_sequences = request.stop;
  return { path: '/messages', body };
}
