import type { ChatRequest, LlmResponse } from './chat.js';
import type { StreamPart } from './stream-parts.js';

/**
 * Called with each part as it is read. May keep state (a closure or an object's method), may be async (the read
 * waits for it: backpressure), and may return `false` to stop the stream, which aborts the upstream request.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
export type StreamPartHandler = (part: StreamPart) => void | boolean | Promise<void | boolean>;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface StreamOptions extends CallOptions {
  onPart?: StreamPartHandler;
}

/** What a provider can do beyond the basics; failover reads it. */
export interface ProviderCapabilities {
  /** Accepts a trailing assistant message and continues it (used by failover's `continue` mode). */
  assistantPrefill: boolean;
}

/**
 * A model endpoint. `complete` returns one whole answer; `stream` yields parts as they arrive. Both throw
 * `ProviderError` and both stop at once when `signal` aborts.
 */
export interface LlmProvider {
  /** Provider slot name, e.g. `openai`, `anthropic`, `groq`. */
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  complete(request: ChatRequest, options?: CallOptions): Promise<LlmResponse>;
  stream(request: ChatRequest, options?: StreamOptions): AsyncIterable<StreamPart>;
}
