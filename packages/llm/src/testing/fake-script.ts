/** A tool call the fake server streams, its JSON arguments split into `fragments` pieces. */
export interface FakeToolCall {
  /** @default `call_<n>` (OpenAI) or `toolu_<n>` (Anthropic) */
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
  /** How many pieces the serialised arguments are streamed in. @default 3 */
  fragments?: number;
}

/** Token counts reported in the usage chunk. */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  /** OpenAI shape: sent as `completion_tokens_details.reasoning_tokens`. */
  reasoningTokens?: number;
}

/** An in-band error sent after a 200, in the request's API shape. */
export interface FakeInBandError {
  /** Anthropic `error.type` or OpenAI `error.type`. @default "overloaded_error" (Anthropic), "server_error" (OpenAI) */
  type?: string;
  /** OpenAI-style `error.code`. */
  code?: string | number;
  /** @default "Overloaded" */
  message?: string;
}

/**
 * A 200 answer, streamed as SSE when the request asked for `stream: true` (else one JSON body), with optional
 * faults during the stream. Chunk indexes count content chunks (text pieces and tool-call fragments).
 */
export interface FakeAnswer {
  type: 'answer';
  /** @default "ok" */
  text?: string;
  /** Text is split into this many chunks. @default 1 */
  chunks?: number;
  /** Wait before each chunk after the first, in ms. @default 0 */
  chunkDelayMs?: number;
  /** Wait between the headers and the first chunk, in ms (a slow first token). @default 0 */
  firstTokenDelayMs?: number;
  toolCalls?: FakeToolCall[];
  /** `null` sends no usage. @default { inputTokens: 10, outputTokens: <chunk count> } */
  usage?: FakeUsage | null;
  /** Wire finish reason (`stop`, `length`, `tool_calls`, `end_turn`, `max_tokens`, `tool_use`, …). */
  finishReason?: string;
  /** Model reported in the response. @default the model of the request */
  model?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** OpenAI shape: leave out the final `data: [DONE]` (the stream is otherwise complete). */
  omitDone?: boolean;
  /**
   * Close the connection (TCP FIN) after this many chunks, before the body's end and without a terminal event. The
   * client reliably receives exactly these chunks first. For a reset (RST) at a chosen point, stall the answer
   * (`stallAfterChunks`) and call `FakeLlmServer.resetConnections()`.
   */
  cutAfterChunks?: number;
  /** After this many chunks send only keepalive comments until the client goes away (or is reset). */
  stallAfterChunks?: number;
  /** Keepalive comment period while stalled, in ms; 0 sends nothing at all. @default 50 */
  keepaliveEveryMs?: number;
  /** Send one event whose data is not JSON after this many chunks; the stream then continues. */
  malformedAfterChunks?: number;
  /** Send an in-band error event after this many chunks, then end the response. */
  errorAfterChunks?: number;
  error?: FakeInBandError;
}

/** An HTTP error response. Without `body`, a realistic error body for the status is sent in the API's shape. */
export interface FakeStatus {
  type: 'status';
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as JSON. */
  body?: string | Record<string, unknown> | unknown[];
}

/** Serve recorded bytes verbatim (e.g. a stream from `__fixtures__`), optionally in pieces. */
export interface FakeRaw {
  type: 'raw';
  body: string | Uint8Array;
  /** @default 200 */
  status?: number;
  /** @default { "content-type": "text/event-stream" } */
  headers?: Record<string, string>;
  /** Write the body in pieces of this many bytes. @default the whole body in one write */
  pieceBytes?: number;
  /** Wait between pieces, in ms. @default 0 */
  pieceDelayMs?: number;
  /** Leave the response open after the body (until the client goes away). @default false */
  keepOpen?: boolean;
}

/** What the fake server does with one request. */
export type FakeStep =
  | FakeAnswer
  | FakeStatus
  | FakeRaw
  /** Destroy the socket before sending headers (the client sees a connection reset). */
  | { type: 'reset' }
  /** Never answer; the socket stays open until the client or `close()` ends it. */
  | { type: 'hang' };

/** Which wire API a request used, from its path. */
export type FakeApi = 'openai' | 'anthropic';

/** A request as the fake server received it. */
export interface FakeRequest {
  api: FakeApi;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  /** `performance.now()` when the request body was fully read. */
  receivedAt: number;
}
