import type { LlmResponse } from '@clawft/types';

/**
 * How usable an answer looks, 0 (useless) to 1, from its shape alone: an empty answer with no tool calls scores
 * 0.2, a content-filtered one 0.3, one cut at the token limit 0.5, anything else 1. Observers receive it; a
 * custom scorer may judge content.
 */
export type Scorer = (response: LlmResponse) => number;

export const scoreResponse: Scorer = (response) => {
  if (response.finishReason === 'content-filter') return 0.3;
  if (response.content.trim() === '' && response.toolCalls.length === 0) return 0.2;
  if (response.finishReason === 'length') return 0.5;
  return 1;
};
