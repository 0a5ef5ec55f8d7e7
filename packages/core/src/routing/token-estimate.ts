import type { ChatMessage, ChatRequest } from '@clawft/types';

/** Characters per token assumed by the estimates (English prose averages about four). */
export const CHARS_PER_TOKEN = 4;
/** Tokens a message costs beyond its text (role, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** Tokens a string is estimated to take: a cheap, deterministic upper-leaning estimate. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tokens one chat message is estimated to take, tool-call arguments included. */
export function estimateMessageTokens(message: ChatMessage): number {
  let chars = message.content.length;
  if (message.role === 'assistant') {
    for (const call of message.toolCalls) chars += call.name.length + JSON.stringify(call.arguments).length;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS;
}

/** Tokens a whole request's input is estimated to take: messages plus tool definitions. */
export function estimateRequestTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let tokens = 0;
  for (const message of request.messages) tokens += estimateMessageTokens(message);
  for (const tool of request.tools) {
    tokens +=
      estimateTextTokens(tool.name + tool.description) + estimateTextTokens(JSON.stringify(tool.parameters));
  }
  return tokens;
}
