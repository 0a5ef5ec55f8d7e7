import { type Agent, request } from 'node:http';
import { SseParser } from '@clawft/types/internal';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with node:http (no fetch, no SDK): the status, headers and whole body. */
export function plainRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
    agent?: Agent;
  } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

/** The SSE events of a body, parsed by clawft's one SSE parser. */
export function sseEvents(body: string): { event: string; data: string }[] {
  const events: { event: string; data: string }[] = [];
  const parser = new SseParser();
  for (const event of parser.push(Buffer.from(body, 'utf8')))
    events.push({ event: event.event, data: event.data });
  parser.end();
  return events;
}
