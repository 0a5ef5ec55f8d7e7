import type { InboundMessage } from '@clawft/types';
import type { GatewaySessionRef } from './gateway-session.js';
import { GATEWAY_CHANNEL } from './gateway-session.js';
import type { ChatCompletionRequest, OpenAiMessage } from './openai-schemas.js';

/** A request the gateway cannot turn into a message; answered 400 naming `param`. */
export interface RequestProblem {
  param: string;
  message: string;
}

/**
 * The inbound message for an OpenAI chat completions request. In a server-side session only the last user message
 * is taken (the session holds the history); in a one-off session the request's earlier messages are folded into
 * the content as a transcript, since they are the only history there is.
 *
 * @example
 * const message = chatRequestMessage(body, { senderId: 'alice', session, messageId });
 */
export function chatRequestMessage(
  request: ChatCompletionRequest,
  context: { senderId: string; session: GatewaySessionRef; messageId: string },
): InboundMessage | RequestProblem {
  const lastIndex = request.messages.length - 1;
  const last = request.messages[lastIndex];
  if (last?.role !== 'user')
    return { param: `messages[${lastIndex}]`, message: 'the last message must have role "user"' };
  const texts: string[] = [];
  for (const [index, message] of request.messages.entries()) {
    const text = messageText(message);
    if (typeof text !== 'string') return { param: `messages[${index}].content`, message: text.message };
    texts.push(text);
  }
  const lastText = texts[lastIndex] ?? '';
  const content =
    context.session.ephemeral && request.messages.length > 1 ? transcript(request.messages, texts) : lastText;
  return {
    channel: GATEWAY_CHANNEL,
    senderId: context.senderId,
    chatId: context.session.chatId,
    content,
    media: [],
    metadata: { messageId: context.messageId, requestedModel: request.model },
    timestamp: Date.now(),
  };
}

function messageText(message: OpenAiMessage): string | { message: string } {
  const content = message.content;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const part of content) {
    if (part.type !== 'text' || part.text === undefined)
      return { message: `content part type "${part.type}" is not supported; send text parts` };
    texts.push(part.text);
  }
  return texts.join('');
}

function transcript(messages: readonly OpenAiMessage[], texts: readonly string[]): string {
  const earlier = messages
    .slice(0, -1)
    .map((message, index) => `${message.role}: ${texts[index] ?? ''}`)
    .join('\n\n');
  return `Conversation so far:\n\n${earlier}\n\nNew message:\n\n${texts.at(-1) ?? ''}`;
}
