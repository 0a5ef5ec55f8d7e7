import type { TurnResult } from '@clawft/core';
import type { TurnOutcome } from '@clawft/types';
import type { ChatCompletion, ChatCompletionChunk, ClawftExtension, OpenAiUsage } from './openai-schemas.js';

/** The `clawft` extension field for a finished turn. */
export function clawftExtension(turnId: string, sessionKey: string, outcome: TurnOutcome): ClawftExtension {
  return {
    turnId,
    sessionKey,
    end: outcome.end,
    toolCalls: outcome.timings.tools.map((tool) => ({
      callId: tool.callId,
      name: tool.name,
      durationMs: tool.durationMs,
      isError: tool.isError,
    })),
    usage: outcome.usage,
    costUsd: outcome.costUsd,
    attempts: outcome.attempts,
    latencyMs: outcome.latencyMs,
    timings: outcome.timings,
  };
}

/** OpenAI usage counts from the turn's usage. */
export function openAiUsage(outcome: TurnOutcome): OpenAiUsage {
  const { inputTokens, outputTokens } = outcome.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
  };
}

/** The non-streaming answer for a finished turn. */
export function chatCompletion(
  id: string,
  requestedModel: string,
  result: TurnResult,
  turnId: string,
): ChatCompletion {
  const { outcome } = result;
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: outcome.model ?? requestedModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.reply.content, refusal: null },
        finish_reason: outcome.end === 'iteration-limit' ? 'length' : 'stop',
        logprobs: null,
      },
    ],
    usage: openAiUsage(outcome),
    clawft: clawftExtension(turnId, sessionKeyOf(result), outcome),
  };
}

/** One streamed chunk carrying `delta`. */
export function chunk(
  id: string,
  model: string,
  delta: ChatCompletionChunk['choices'][number]['delta'],
  finishReason: 'stop' | 'length' | null = null,
): ChatCompletionChunk {
  return {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}

function sessionKeyOf(result: TurnResult): string {
  return `${result.reply.channel}:${result.reply.chatId}`;
}
