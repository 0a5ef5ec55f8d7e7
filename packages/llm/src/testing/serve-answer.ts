import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeAnswer } from './fake-script.js';
import type { RenderedAnswer } from './rendered-answer.js';

/** Pause between the last chunk sent and the socket being destroyed, in ms. */
const CUT_SETTLE_MS = 50;

/**
 * Streams a rendered answer with its faults. Every wait ends when the client goes away (`signal`), so nothing
 * is left scheduled once the socket closes.
 */
export async function serveAnswer(
  response: ServerResponse,
  answer: FakeAnswer,
  rendered: RenderedAnswer,
  signal: AbortSignal,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-request-id': 'req_fake',
    ...answer.headers,
  });
  response.flushHeaders();
  if (answer.firstTokenDelayMs) await sleep(answer.firstTokenDelayMs, undefined, { signal });
  response.write(rendered.head.join(''));
  const { chunks } = rendered;
  for (let index = 0; index <= chunks.length; index += 1) {
    if (index === answer.cutAfterChunks) {
      // Let the client read what was sent first: a reset drops data still buffered on the client's side.
      if (index > 0) await sleep(CUT_SETTLE_MS, undefined, { signal });
      response.socket?.destroy();
      return;
    }
    if (index === answer.stallAfterChunks) return stall(response, answer.keepaliveEveryMs ?? 50, signal);
    if (index === answer.errorAfterChunks) {
      response.end(rendered.errorFrame(answer.error));
      return;
    }
    if (index === answer.malformedAfterChunks)
      response.write('data: {"choices": [{"delta": {"content": "broken\n\n');
    const chunk = chunks[index];
    if (chunk === undefined) break;
    if (index > 0 && answer.chunkDelayMs) await sleep(answer.chunkDelayMs, undefined, { signal });
    response.write(chunk);
  }
  response.end(rendered.tail.join(''));
}

/** Sends `: keepalive` comments until the client goes away. */
async function stall(response: ServerResponse, everyMs: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    await sleep(everyMs, undefined, { signal });
    response.write(': keepalive\n\n');
  }
}
