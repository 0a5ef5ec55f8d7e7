import { type Dispatcher, request } from 'undici';

export interface PostJsonOptions {
  url: string;
  headers: Record<string, string>;
  /** The JSON text (serialised by the caller, so a bad value fails there and not as an I/O error). */
  body: string;
  dispatcher: Dispatcher;
  signal: AbortSignal;
}

/**
 * POSTs a JSON body and resolves at the response headers. undici's own headers/body timers are off (0): the
 * caller's call timers abort `signal` instead, so one clock decides every timeout.
 */
export function postJson(options: PostJsonOptions): Promise<Dispatcher.ResponseData> {
  return request(options.url, {
    method: 'POST',
    // `identity`: undici does not decode bodies, and a compressed one is decoded by `decodedBody` only as a fallback.
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'accept-encoding': 'identity',
      ...options.headers,
    },
    body: options.body,
    dispatcher: options.dispatcher,
    signal: options.signal,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
