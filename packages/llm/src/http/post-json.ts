import { type Dispatcher, request } from 'undici';

export interface PostJsonOptions {
  url: string;
  headers: Record<string, string>;
  body: unknown;
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
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers },
    body: JSON.stringify(options.body),
    dispatcher: options.dispatcher,
    signal: options.signal,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
