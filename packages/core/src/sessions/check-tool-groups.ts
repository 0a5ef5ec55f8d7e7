import type { ChatMessage } from '@clawft/types';

/**
 * Why `messages` cannot be appended on their own, or `undefined` when they can: every assistant tool call needs a
 * result among the same messages, and every tool result needs its call.
 */
export function unmatchedToolCall(messages: readonly ChatMessage[]): string | undefined {
  const pending = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.toolCalls) pending.add(call.id);
    if (message.role === 'tool') {
      if (!pending.delete(message.toolCallId)) {
        return `tool result "${message.toolCallId}" has no assistant tool call before it in the same append`;
      }
    }
  }
  const [first] = pending;
  return first === undefined ? undefined : `assistant tool call "${first}" has no result in the same append`;
}
