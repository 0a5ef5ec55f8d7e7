import { type ChatMessage, type ChatRequest, RoutingError } from '@clawft/types';
import { estimateMessageTokens, estimateRequestTokens } from '../routing/token-estimate.js';

export interface AssembleOptions {
  /** The chosen model's context window, tokens. */
  maxContextTokens: number;
  /** Tokens kept free for the answer (the request's `maxTokens`). */
  reserveOutputTokens: number;
}

export interface AssembledContext {
  messages: ChatMessage[];
  /** Messages left out to fit. */
  droppedMessages: number;
  /** Estimated input tokens of what was kept, tool definitions included. */
  estimatedTokens: number;
}

/**
 * Fits a conversation into a model's context window: keeps every system message and as many of the newest turns
 * as fit, and never separates an assistant tool call from its tool results (they are kept or dropped together).
 *
 * @throws RoutingError `context-too-large` when the system prompt and the newest turn alone do not fit.
 * @example
 * const { messages } = assembleContext(request, { maxContextTokens: 128_000, reserveOutputTokens: 4096 });
 */
export function assembleContext(
  request: Pick<ChatRequest, 'messages' | 'tools'>,
  options: AssembleOptions,
): AssembledContext {
  const total = estimateRequestTokens(request);
  const budget = options.maxContextTokens - options.reserveOutputTokens;
  if (total <= budget) return { messages: request.messages, droppedMessages: 0, estimatedTokens: total };
  let used = estimateRequestTokens({ messages: [], tools: request.tools });
  const keep = new Set<number>();
  request.messages.forEach((message, index) => {
    if (message.role !== 'system') return;
    keep.add(index);
    used += estimateMessageTokens(message);
  });
  const units = groupUnits(request.messages);
  for (let index = units.length - 1; index >= 0; index -= 1) {
    const unit = units[index] ?? [];
    const tokens = unit.reduce(
      (sum, position) => sum + estimateMessageTokens(request.messages[position] as ChatMessage),
      0,
    );
    if (used + tokens > budget) {
      if (index === units.length - 1) throw tooLarge(used + tokens, budget);
      break;
    }
    used += tokens;
    for (const position of unit) keep.add(position);
  }
  const messages = request.messages.filter((_, index) => keep.has(index));
  return { messages, droppedMessages: request.messages.length - messages.length, estimatedTokens: used };
}

/**
 * Positions of the non-system messages, grouped so that an assistant message with tool calls and the tool results
 * after it form one unit.
 */
function groupUnits(messages: readonly ChatMessage[]): number[][] {
  const units: number[][] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') return;
    const last = units.at(-1);
    if (message.role === 'tool' && last !== undefined) last.push(index);
    else units.push([index]);
  });
  return units;
}

function tooLarge(needed: number, budget: number): RoutingError {
  return new RoutingError({
    kind: 'context-too-large',
    message: `The system prompt and the newest turn need about ${needed} tokens but the model leaves ${budget} for input; shorten them, lower maxTokens, or route to a larger-context model.`,
  });
}
