import {
  type FinishReason,
  type LlmResponse,
  ProviderError,
  type StreamPart,
  type ToolCall,
  type Usage,
} from '@clawft/types';

/**
 * Builds the final `LlmResponse` from stream parts. A `reset` discards what the failed attempt showed, so the
 * answer is always exactly one attempt's output.
 */
export class ResponseCollector {
  #text = '';
  #reasoning = '';
  #toolCalls: ToolCall[] = [];
  #finish: { reason: FinishReason; usage: Usage; provider: string; model: string } | undefined;

  accept(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.#text += part.text;
        return;
      case 'reasoning-delta':
        this.#reasoning += part.text;
        return;
      case 'tool-call':
        this.#toolCalls.push(part.toolCall);
        return;
      case 'finish':
        this.#finish = {
          reason: part.finishReason,
          usage: part.usage,
          provider: part.provider,
          model: part.model,
        };
        return;
      case 'reset':
        this.#text = '';
        this.#reasoning = '';
        this.#toolCalls = [];
        return;
      default:
        return;
    }
  }

  /**
   * The answer.
   * @throws ProviderError `stream-truncated` when the stream ended without a `finish` part.
   */
  response(fallback: { provider: string; model: string }): LlmResponse {
    const finish = this.#finish;
    if (finish === undefined) {
      throw new ProviderError({
        kind: 'stream-truncated',
        message: 'The stream ended without a finish part; the answer is incomplete.',
        phase: this.#text.length > 0 ? 'mid-stream' : 'before-first-token',
        partialText: this.#text,
        ...fallback,
      });
    }
    return {
      content: this.#text,
      ...(this.#reasoning === '' ? {} : { reasoning: this.#reasoning }),
      toolCalls: this.#toolCalls,
      finishReason: finish.reason,
      usage: finish.usage,
      model: finish.model,
      provider: finish.provider,
    };
  }
}
