import { type LlmResponse, ProviderError, type StreamPart, type ToolCall } from '@clawft/types';

type FinishPart = Extract<StreamPart, { type: 'finish' }>;

/**
 * The one fold of a part stream into an `LlmResponse`, part by part: text and reasoning deltas appended, complete
 * tool calls kept, everything before the last `reset` dropped (so the answer is exactly one attempt's output), and
 * the `finish` part's usage, reason, provider, provider-reported model (`responseModel`, e.g. `gpt-4o-2024-08-06`
 * for a request for `gpt-4o`) and `requestId`. `collectResponse`, `assembleText` and core's pipeline use it.
 *
 * @example
 * const fold = new ResponseFold();
 * for await (const part of provider.stream(request)) fold.accept(part);
 * const response = fold.response();
 */
export class ResponseFold {
  #text = '';
  #reasoning = '';
  #toolCalls: ToolCall[] = [];
  #finish: FinishPart | undefined;
  #last: StreamPart | undefined;

  /** The text of the current attempt so far. */
  get text(): string {
    return this.#text;
  }

  /** A `finish` part has been accepted: the response is complete. */
  get finished(): boolean {
    return this.#finish !== undefined;
  }

  /** Folds one part in. */
  accept(part: StreamPart): void {
    this.#last = part;
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
      case 'reset':
        this.#text = '';
        this.#reasoning = '';
        this.#toolCalls = [];
        return;
      case 'finish':
        this.#finish = part;
        return;
      default:
        return;
    }
  }

  /**
   * The answer.
   * @param fallback provider and model named by the error when no part at all arrived. @default "unknown"
   * @throws ProviderError `stream-truncated` (with `partialText`) when no `finish` part came.
   */
  response(fallback?: { provider: string; model: string }): LlmResponse {
    const finish = this.#finish;
    if (finish === undefined) {
      throw new ProviderError({
        kind: 'stream-truncated',
        provider: this.#last?.provider ?? fallback?.provider ?? 'unknown',
        model: this.#last?.model ?? fallback?.model ?? 'unknown',
        phase: this.#text === '' ? 'before-first-token' : 'mid-stream',
        partialText: this.#text,
        message: 'the stream ended without a finish part; the answer is incomplete',
      });
    }
    return {
      content: this.#text,
      ...(this.#reasoning !== '' && { reasoning: this.#reasoning }),
      toolCalls: this.#toolCalls,
      finishReason: finish.finishReason,
      usage: finish.usage,
      model: finish.responseModel ?? finish.model,
      provider: finish.provider,
      ...(finish.requestId !== undefined && { requestId: finish.requestId }),
      ...(finish.droppedEvents !== undefined && { droppedEvents: finish.droppedEvents }),
    };
  }
}
