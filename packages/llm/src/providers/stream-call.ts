import { type ChatRequest, ProviderError, type StreamPart } from '@clawft/types';
import { SseError, SseParser } from '@clawft/types/internal';
import type { Dispatcher } from 'undici';
import type { ErrorContext } from '../errors/error-context.js';
import { requestIdOf } from '../errors/response-headers.js';
import type { PartBatch } from '../stream/part-batches.js';
import type { CallTimerSettings } from '../timers/call-timers.js';
import { CallControl } from './call-control.js';
import { type FailureState, toCallFailure } from './call-failure.js';
import { EventPump, type MalformedPolicy } from './event-pump.js';
import { openStream } from './open-stream.js';
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
  /** The most bytes one SSE event may hold; beyond it the call fails with `malformed-response`. */
  maxEventBytes: number | undefined;
  secrets?: readonly string[] | undefined;
  signal: AbortSignal | undefined;
}

/**
 * One attempt: POST, check the status, parse the SSE stream into parts, end with the tool calls and `finish`.
 * The parts come in batches, one per network chunk (the events it completed), so the layers above hand over one
 * batch per chunk rather than one part per event.
 * Every timer and listener is released, and an unfinished response body destroyed, on every path (the consumer
 * stopping early included). Failures of the I/O become `ProviderError`s; anything else thrown on the way (a bug in
 * a decoder, a request object that cannot be serialised) is rethrown as it is, never dressed up as a network error.
 */
export async function* streamCall(call: StreamCall): AsyncGenerator<PartBatch, void, undefined> {
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
  const failure = (error: unknown) => toCallFailure(error, state, { ...context, phase: state.phase });
  let finished = false;
  try {
    try {
      control.start();
    } catch (error) {
      throw failure(error);
    }
    const response = await openStream(call, control.signal, context, state);
    timers.headersReceived();
    const parser = new SseParser({ maxEventBytes: call.maxEventBytes });
    const pump = new EventPump(call.adapter.createDecoder(origin), timers, state, context, call);
    const chunks = response.body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw failure(error);
      }
      if (next.done === true) break;
      // All events of a chunk are decoded at once, and their parts handed over in one batch: one clock read, one
      // pause of the idle timer and one hop per chunk, not per event. An error event still lets the parts before
      // it out. While the consumer holds the batch (until it asks for the next), the idle timer does not count.
      const error = pushBytes(parser, next.value, pump, context, state);
      pump.flushOutput();
      if (pump.out.length > 0) {
        timers.pause();
        yield pump.take();
        timers.resume();
      }
      if (error !== undefined) throw error.thrown;
      if (pump.done) {
        await drainRest(chunks);
        break;
      }
    }
    parser.end();
    pump.flushOutput();
    const tail = pump.take();
    tail.push(...endingParts(pump.end(), origin, requestIdOf(response.headers), pump.dropped));
    finished = true;
    yield tail;
  } finally {
    control.dispose(finished);
  }
}

/**
 * Parses a chunk, its events straight into the pump (no event objects, no array of them): what was thrown, if
 * anything, after the parts of the events before it. An event over the size limit is a `malformed-response` (the
 * stream cannot be read on).
 */
function pushBytes(
  parser: SseParser,
  bytes: Uint8Array,
  pump: EventPump,
  context: ErrorContext,
  state: FailureState,
): { thrown: unknown } | undefined {
  try {
    parser.pushTo(bytes, pump);
    return undefined;
  } catch (error) {
    if (!SseError.is(error)) return { thrown: error };
    const { provider, model } = context;
    return {
      thrown: new ProviderError({
        kind: 'malformed-response',
        provider,
        model,
        phase: state.phase,
        cause: error,
        message: `${provider} (${model}): ${error.message}`,
      }),
    };
  }
}

/** The tool calls and the `finish` part that end a complete stream. */
function endingParts(
  ending: StreamEnding,
  origin: PartOrigin,
  requestId: string | undefined,
  droppedEvents: number,
): StreamPart[] {
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
    ...(droppedEvents > 0 && { droppedEvents }),
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
