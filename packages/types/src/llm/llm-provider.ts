import type { ChatRequestInput, LlmResponse } from './chat.js';
import type { StreamPart } from './stream-parts.js';

/** What a part handler returns: nothing (go on), `false` (stop), or a promise of either (the read waits). */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
export type StreamPartVerdict = void | boolean | Promise<void | boolean>;

/** A function that receives each part; a closure may keep state across calls. */
export type StreamPartCallback = (part: StreamPart) => StreamPartVerdict;

/** An object that receives each part through its `onPart` method, called with `this` bound to the object. */
export interface StreamPartObserver {
  onPart(part: StreamPart): StreamPartVerdict;
}

/**
 * Called with each part as it is read: a function (a closure may keep state) or an object with an `onPart`
 * method (state in its fields). It may be async (the read waits for it: backpressure), and may return `false`
 * to stop the stream, which aborts the upstream request.
 *
 * @example
 * class TokenCounter { tokens = 0; onPart(part: StreamPart) { if (part.type === 'text-delta') this.tokens += 1; } }
 * const counter = new TokenCounter();
 * for await (const _ of provider.stream(request, { onPart: counter })) {}
 */
export type StreamPartHandler = StreamPartCallback | StreamPartObserver;

/** Hands `part` to a handler of either form (an object's `onPart` is called as a method). */
export function callPartHandler(handler: StreamPartHandler, part: StreamPart): StreamPartVerdict {
  return typeof handler === 'function' ? handler(part) : handler.onPart(part);
}

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
  /** Takes the request as users write it (`{ model, messages }`); defaults are applied inside. */
  complete(request: ChatRequestInput, options?: CallOptions): Promise<LlmResponse>;
  /** Takes the request as users write it; a malformed one fails with `invalid-request` naming the field. */
  stream(request: ChatRequestInput, options?: StreamOptions): AsyncIterable<StreamPart>;
}
