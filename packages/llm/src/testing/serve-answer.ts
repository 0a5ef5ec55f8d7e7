import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeAnswer } from './fake-script.js';
import type { RenderedAnswer } from './rendered-answer.js';

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
      // FIN, not RST: the socket ends after every byte written so far, so the client reads exactly these chunks
      // and then sees the connection close before the body's end. (A reset would discard what it had not read.)
      response.socket?.destroySoon();
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

/** Sends `: keepalive` comments (none when `everyMs` is 0) until the client goes away. */
async function stall(response: ServerResponse, everyMs: number, signal: AbortSignal): Promise<void> {
  if (everyMs <= 0) {
    if (!signal.aborted)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return;
  }
  for (;;) {
    await sleep(everyMs, undefined, { signal });
    response.write(': keepalive\n\n');
  }
}
