import type { ChatRequest, FinishReason, StreamPart, ToolCall, Usage } from '@clawft/types';

/** Carried by every part a provider yields. */
export interface PartOrigin {
  attempt: number;
  provider: string;
  model: string;
}

/**
 * What one SSE event amounted to: no model output (`none`; it may still have pushed a `usage` part), model output
 * (`output`: text or reasoning was pushed or a tool-call fragment arrived — this alone moves the call to
 * `mid-stream` and feeds the first-token and idle timers), the terminal event (`done`), an unreadable event
 * (`malformed`), an event of a type the decoder does not know (`ignored`: APIs add types, so it is skipped and
 * counted), or an in-band error (`error`, payload in `StreamDecoder.error`).
 */
export type DecodeResult = 'none' | 'output' | 'done' | 'malformed' | 'ignored' | 'error';

/** How a complete stream ended. */
export interface StreamEnding {
  finishReason: FinishReason;
  usage: Usage;
  toolCalls: ToolCall[];
  /** The model the provider reported. */
  responseModel: string | undefined;
}

/** Turns one API's stream events into stream parts. One per call. */
export interface StreamDecoder {
  /** The in-band error payload, after `event` returned `error`. */
  readonly error: unknown;
  /** Handles one event (its `event:` type, `message` by default, and its data), pushing any parts onto `out`. */
  event(type: string, data: string, out: StreamPart[]): DecodeResult;
  /**
   * The ending, or undefined when the stream never reached one (truncated).
   * @throws ToolCallAssemblyError when a tool call's arguments are not a JSON object.
   */
  end(): StreamEnding | undefined;
}

/** An HTTP request for one call. */
export interface WireRequest {
  /** Appended to the base URL, e.g. `/chat/completions`. */
  path: string;
  body: Record<string, unknown>;
}

/** One wire API: how to phrase a request and read its stream. */
export interface WireAdapter {
  readonly api: 'openai' | 'anthropic';
  buildRequest(request: ChatRequest, model: string): WireRequest;
  authHeaders(apiKey: string | undefined): Record<string, string>;
  createDecoder(origin: PartOrigin): StreamDecoder;
}
