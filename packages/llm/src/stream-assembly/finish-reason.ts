import type { FinishReason } from '@clawft/types';

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  // OpenAI-compatible
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
  // Anthropic
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/** Maps a wire finish/stop reason to clawft's; unknown reasons are `other`. */
export function mapFinishReason(reason: string): FinishReason {
  return FINISH_REASONS[reason] ?? 'other';
}
