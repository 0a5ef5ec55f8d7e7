import type { AssistantMessage, ChatMessage, ToolMessage } from '@clawft/types';

/**
 * The last `size` history entries, moved to a tool-call boundary: the window never starts with tool results
 * whose assistant call was cut off (it starts after them instead, so it never grows past `size`), and an assistant
 * tool call is kept only together with a result for each of its calls. Orphan results and incomplete calls found
 * anywhere in the window are dropped, since providers reject both.
 */
export function historyWindow(history: readonly ChatMessage[], size: number): ChatMessage[] {
  const window: ChatMessage[] = [];
  let index = Math.max(0, history.length - Math.max(0, Math.floor(size)));
  if (size <= 0) index = history.length;
  while (index < history.length) {
    const message = history[index] as ChatMessage;
    index += 1;
    if (message.role === 'tool') continue;
    if (message.role !== 'assistant' || message.toolCalls.length === 0) {
      window.push(message);
      continue;
    }
    const results: ToolMessage[] = [];
    for (let next = history[index]; next?.role === 'tool'; next = history[index]) {
      results.push(next);
      index += 1;
    }
    window.push(...completeGroup(message, results));
  }
  return window;
}

function completeGroup(call: AssistantMessage, results: readonly ToolMessage[]): ChatMessage[] {
  const ids = new Set(call.toolCalls.map((toolCall) => toolCall.id));
  const matching = results.filter((result) => ids.has(result.toolCallId));
  const answered = new Set(matching.map((result) => result.toolCallId));
  return answered.size === ids.size ? [call, ...matching] : [];
}
