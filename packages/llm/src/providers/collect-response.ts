import { type LlmResponse, ProviderError, type StreamPart, type ToolCall } from '@clawft/types';

/**
 * Folds a part stream into one `LlmResponse`. `complete()` is built on it, so it fails exactly as `stream()`
 * does. Parts of a discarded attempt (before a `reset`) are dropped.
 */
export async function collectResponse(parts: AsyncIterable<StreamPart>): Promise<LlmResponse> {
  let content = '';
  let reasoning = '';
  let toolCalls: ToolCall[] = [];
  let last: StreamPart | undefined;
  for await (const part of parts) {
    last = part;
    switch (part.type) {
      case 'text-delta':
        content += part.text;
        break;
      case 'reasoning-delta':
        reasoning += part.text;
        break;
      case 'tool-call':
        toolCalls.push(part.toolCall);
        break;
      case 'reset':
        content = '';
        reasoning = '';
        toolCalls = [];
        break;
      case 'finish':
        return {
          content,
          ...(reasoning !== '' && { reasoning }),
          toolCalls,
          finishReason: part.finishReason,
          usage: part.usage,
          model: part.responseModel ?? part.model,
          provider: part.provider,
          ...(part.requestId !== undefined && { requestId: part.requestId }),
          ...(part.droppedEvents !== undefined && { droppedEvents: part.droppedEvents }),
        };
      default:
    }
  }
  throw new ProviderError({
    kind: 'stream-truncated',
    provider: last?.provider ?? 'unknown',
    model: last?.model ?? 'unknown',
    phase: content === '' ? 'before-first-token' : 'mid-stream',
    message: 'the stream ended without a finish part',
  });
}
