import { type ChatRequest, ProviderError, type StreamPart } from '@clawft/types';
import type { Dispatcher } from 'undici';
import type { ErrorContext } from '../errors/error-context.js';
import { mapHttpError, mapInBandError } from '../errors/map-http-error.js';
import { requestIdOf } from '../errors/response-headers.js';
import { postJson } from '../http/post-json.js';
import { SseParser } from '../sse/sse-parser.js';
import type { CallTimerSettings } from '../timers/call-timers.js';
import { apiUrl } from './api-url.js';
import { CallControl } from './call-control.js';
import { type FailureState, toCallFailure } from './call-failure.js';
import { EventPump, type MalformedPolicy } from './event-pump.js';
import type { PartOrigin, StreamEnding, WireAdapter } from './wire-adapter.js';

/** Everything one streaming call needs. */
export interface StreamCall extends MalformedPolicy {
  adapter: WireAdapter;
  request: ChatRequest;
  origin: PartOrigin;
  /** Base URL, without the API path. */
  baseUrl: string;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeouts: CallTimerSettings;
  apiKey: string | undefined;
  secrets?: readonly string[] | undefined;
  signal: AbortSignal | undefined;
}

/**
 * One attempt: POST, check the status, parse the SSE stream into parts, end with the tool calls and `finish`.
 * Every timer and listener is released, and an unfinished response body destroyed, on every path (the consumer
 * stopping early included).
 */
export async function* streamCall(call: StreamCall): AsyncGenerator<StreamPart, void, undefined> {
  const { origin } = call;
  const context: ErrorContext = {
    provider: origin.provider,
    model: origin.model,
    phase: 'before-headers',
    apiKey: call.apiKey,
    secrets: call.secrets,
  };
  const control = new CallControl(call.timeouts, call.signal);
  const { state, timers } = control;
  let finished = false;
  try {
    control.start();
    const response = await openStream(call, control.signal, context, state);
    timers.headersReceived();
    const parser = new SseParser();
    const pump = new EventPump(call.adapter.createDecoder(origin), timers, state, context, call);
    const { out } = pump;
    const chunks = response.body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    read: for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      for (const event of parser.push(next.value)) {
        const done = pump.handle(event);
        if (out.length > 0) {
          timers.pause();
          for (const part of out) yield part;
          timers.resume();
          out.length = 0;
        }
        if (done) {
          await drainRest(chunks);
          break read;
        }
      }
    }
    for (const event of parser.end()) pump.handle(event);
    const tail = [...out, ...endingParts(pump.end(), origin, requestIdOf(response.headers))];
    finished = true;
    yield* tail;
  } catch (error) {
    throw toCallFailure(error, state, { ...context, phase: state.phase });
  } finally {
    control.dispose(finished);
  }
}

/** The tool calls and the `finish` part that end a complete stream. */
function endingParts(ending: StreamEnding, origin: PartOrigin, requestId: string | undefined): StreamPart[] {
  const { attempt, provider, model } = origin;
  const parts: StreamPart[] = ending.toolCalls.map((toolCall) => ({
    type: 'tool-call',
    toolCall,
    attempt,
    provider,
    model,
  }));
  parts.push({
    type: 'finish',
    finishReason: ending.finishReason,
    usage: ending.usage,
    attempt,
    provider,
    model,
    ...(ending.responseModel !== undefined && { responseModel: ending.responseModel }),
    ...(requestId !== undefined && { requestId }),
  });
  return parts;
}

/** How long to wait for the end of a body after its terminal event before dropping the connection, in ms. */
const DRAIN_GRACE_MS = 250;

/**
 * After the terminal event: reads what is left (normally just the end of the body) so the connection goes back
 * to the keep-alive pool. A server that keeps the body open longer than the grace loses the connection instead.
 */
async function drainRest(chunks: AsyncIterator<Uint8Array>): Promise<void> {
  const timer = setTimeout(() => void chunks.return?.(), DRAIN_GRACE_MS);
  try {
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      // The stream is complete: anything after the terminal event is ignored.
    }
  } catch {
    // The connection broke after the terminal event: the answer is complete all the same.
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the request; resolves with a 2xx SSE response, else throws the mapped error. */
async function openStream(call: StreamCall, signal: AbortSignal, context: ErrorContext, state: FailureState) {
  const wire = call.adapter.buildRequest(call.request, call.origin.model);
  const response = await postJson({
    url: apiUrl(call.baseUrl, wire.path),
    headers: call.headers,
    body: wire.body,
    dispatcher: call.dispatcher,
    signal,
  });
  state.responded = true;
  state.phase = 'before-first-token';
  const failed = { ...context, phase: state.phase };
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const body = await response.body.text();
    throw mapHttpError({ status: response.statusCode, headers: response.headers, body }, failed);
  }
  if (String(response.headers['content-type'] ?? '').includes('application/json')) {
    // A JSON body after a 200: an error object some gateways send instead of a stream, or a server that ignored
    // `stream: true`. Either way there is no stream to read.
    const body: unknown = await response.body.json().catch(() => undefined);
    if (typeof body === 'object' && body !== null && 'error' in body) throw mapInBandError(body, failed);
    throw new ProviderError({
      kind: 'malformed-response',
      provider: context.provider,
      model: context.model,
      phase: state.phase,
      message: `${context.provider} (${context.model}): expected an event stream, got a JSON body`,
    });
  }
  return response;
}
