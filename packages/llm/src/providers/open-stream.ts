import type { Readable } from 'node:stream';
import { ProviderError, redactText } from '@clawft/types';
import type { ErrorContext } from '../errors/error-context.js';
import { mapHttpError, mapInBandError } from '../errors/map-http-error.js';
import type { ResponseHeaders } from '../errors/response-headers.js';
import { decodedBody, readText } from '../http/decoded-body.js';
import { joinUrl } from '../http/join-url.js';
import { postJson } from '../http/post-json.js';
import { type FailureState, toCallFailure } from './call-failure.js';
import type { StreamCall } from './stream-call.js';

/** How much of a body that is not an event stream is quoted in the error, in bytes. */
const QUOTED_BYTES = 200;

/** A 2xx event-stream response, its body decoded. */
export interface OpenedStream {
  headers: ResponseHeaders;
  body: Readable;
}

/**
 * Sends the request; resolves with a 2xx event stream, else throws the mapped error: the HTTP error (classified by
 * its body, decoded when compressed), an error object sent as JSON, or `malformed-response` quoting the start of a
 * body that is not an event stream (a proxy's HTML page). Failures of the I/O itself become `ProviderError`s here;
 * an error thrown while building the request (a bug, a malformed request object) is rethrown as it is.
 */
export async function openStream(
  call: StreamCall,
  signal: AbortSignal,
  context: ErrorContext,
  state: FailureState,
): Promise<OpenedStream> {
  const wire = call.adapter.buildRequest(call.request, call.origin.model);
  const url = joinUrl(call.baseUrl, wire.path);
  const body = JSON.stringify(wire.body);
  try {
    const { dispatcher, headers } = call;
    const response = await postJson({ url, headers, body, dispatcher, signal });
    state.responded = true;
    state.phase = 'before-first-token';
    const failed = { ...context, phase: state.phase };
    const received = decodedBody(response.body, response.headers);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readText(received);
      throw mapHttpError({ status: response.statusCode, headers: response.headers, body: text }, failed);
    }
    const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
    if (contentType.includes('application/json')) throw jsonInsteadOfStream(await readText(received), failed);
    if (contentType !== '' && !contentType.includes('text/event-stream')) {
      throw notAStream(contentType, await readText(received, QUOTED_BYTES), failed);
    }
    return { headers: response.headers, body: received };
  } catch (error) {
    throw toCallFailure(error, state, { ...context, phase: state.phase });
  }
}

/**
 * A JSON body after a 2xx: an error object some gateways send instead of a stream, or a server that ignored
 * `stream: true`. Either way there is no stream to read.
 */
function jsonInsteadOfStream(text: string, context: ErrorContext): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null && 'error' in body) return mapInBandError(body, context);
  return malformed(context, 'expected an event stream, got a JSON body');
}

function notAStream(contentType: string, start: string, context: ErrorContext): ProviderError {
  const quoted = redactText(start, [context.apiKey, ...(context.secrets ?? [])])
    .replace(/\s+/g, ' ')
    .trim();
  return malformed(
    context,
    `expected an event stream (text/event-stream), got ${contentType} starting ${JSON.stringify(quoted)}; check that apiBase points at the API itself, not at a proxy or web page`,
  );
}

function malformed(context: ErrorContext, detail: string): ProviderError {
  const { provider, model, phase } = context;
  return new ProviderError({
    kind: 'malformed-response',
    provider,
    model,
    phase,
    message: `${provider} (${model}): ${detail}`,
  });
}
