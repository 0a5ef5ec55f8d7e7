import type { LlmResponse, StreamPart } from '@clawft/types';
import { ResponseFold } from '../stream/response-fold.js';

/**
 * Folds a part stream into one `LlmResponse` (with `ResponseFold`), stopping at its `finish` part. `complete()` is
 * built on it, so it fails exactly as `stream()` does. Parts of a discarded attempt (before a `reset`) are dropped.
 *
 * @throws ProviderError from the stream; `stream-truncated` when it ends without a `finish` part.
 * @example
 * const response = await collectResponse(provider.stream(request));
 */
export async function collectResponse(parts: AsyncIterable<StreamPart>): Promise<LlmResponse> {
  const fold = new ResponseFold();
  for await (const part of parts) {
    fold.accept(part);
    if (fold.finished) break;
  }
  return fold.response();
}
