import type { AssistantMessage, ChatMessage, LlmResponse, ToolCall } from '@clawft/types';
import type { ToolCallReport } from '../tools/tool-batch.js';

/** The assistant message of a model answer, tool calls included. */
export function assistantMessage(response: LlmResponse): AssistantMessage {
  return {
    role: 'assistant',
    content: response.content,
    toolCalls: response.toolCalls,
    ...(response.reasoning === undefined ? {} : { reasoning: response.reasoning }),
  };
}

/**
 * The assistant message and one tool result per call, in call order: the unit appended to the session at once. A
 * call without a report (the runner crashed, or skipped it) gets an error result saying so, so the session never
 * holds a tool call without its result.
 */
export function toolRound(
  assistant: AssistantMessage,
  reports: readonly ToolCallReport[],
  missing: string,
): ChatMessage[] {
  const byId = new Map(reports.map((report) => [report.callId, report]));
  const results = assistant.toolCalls.map((call: ToolCall): ChatMessage => {
    const report = byId.get(call.id);
    return {
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content: report?.result.content ?? missing,
      isError: report?.result.isError ?? true,
    };
  });
  return [assistant, ...results];
}
