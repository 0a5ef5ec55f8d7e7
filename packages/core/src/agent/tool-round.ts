import type { AssistantMessage, ChatMessage, LlmResponse, ToolCall } from '@clawft/types';
import type { ToolBatchContext, ToolCallReport } from '../tools/tool-batch.js';
import { type FailureReply, failureReply, toolCrashReply } from './failure-reply.js';
import type { TurnDeps } from './turn-deps.js';

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

/**
 * Runs one response's tool calls with the loop's tools in its workspace. A crash of the runner (or no tools
 * configured) becomes `crash` (an abort's reply when `signal` was aborted), never a throw.
 */
export async function runToolBatch(
  deps: Pick<TurnDeps, 'tools' | 'workspace'>,
  calls: readonly ToolCall[],
  context: Omit<ToolBatchContext, 'workspace'> & { signal: AbortSignal },
): Promise<{ reports: ToolCallReport[]; crash?: FailureReply }> {
  try {
    if (deps.tools === undefined) throw new Error('no tools are configured, but the model asked for some');
    return { reports: await deps.tools.runBatch(calls, { ...context, workspace: deps.workspace }) };
  } catch (error) {
    return { reports: [], crash: context.signal.aborted ? failureReply(error, true) : toolCrashReply(error) };
  }
}
