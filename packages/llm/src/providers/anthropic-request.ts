import type { ChatMessage, ChatRequest, ContentPart } from '@clawft/types';
import type { WireRequest } from './wire-adapter.js';

/** Anthropic requires `max_tokens`; used when the request gives none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type WireMessage = { role: 'user' | 'assistant'; content: Record<string, unknown>[] };

function contentOf(message: Exclude<ChatMessage, { role: 'system' }>): Record<string, unknown>[] {
  switch (message.role) {
    case 'user':
      return typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content.map(userPart);
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

function userPart(part: ContentPart): Record<string, unknown> {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const source =
    part.url === undefined
      ? { type: 'base64', media_type: part.mediaType ?? 'image/png', data: part.data }
      : { type: 'url', url: part.url };
  return { type: 'image', source };
}

/** `toolChoice` as the Messages API spells it (`required` is `any`). */
function toolChoiceOf(choice: NonNullable<ChatRequest['toolChoice']>): Record<string, unknown> {
  if (typeof choice !== 'string') return { type: 'tool', name: choice.name };
  return { type: choice === 'required' ? 'any' : choice };
}

/**
 * The Messages API has no JSON-schema response format: the schema goes into the system prompt as an
 * instruction, so the answer is JSON but not guaranteed to match (validate it).
 */
function formatInstruction(format: NonNullable<ChatRequest['responseFormat']>): string {
  return `Answer with only a JSON value (no prose, no code fence) that matches this JSON Schema:\n${JSON.stringify(format.schema)}`;
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
  if (request.responseFormat !== undefined) system.push(formatInstruction(request.responseFormat));
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters,
    }));
  }
  if (request.temperature !== undefined) body.temperature = Math.min(request.temperature, 1);
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stopSequences !== undefined) body.stop_sequences = request.stopSequences;
  if (request.toolChoice !== undefined) body.tool_choice = toolChoiceOf(request.toolChoice);
  // `seed` has no Anthropic equivalent and is not sent.
  return { path: '/messages', body };
}
