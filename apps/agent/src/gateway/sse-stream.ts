import type { ServerResponse } from 'node:http';

export interface SseStreamOptions {
  /** Period of `: keep-alive` comments while no event was written, ms. */
  keepAliveMs: number;
  /** Extra response headers (CORS). */
  headers?: Record<string, string>;
}

/**
 * Server-Sent Events over one HTTP response (per the WHATWG spec: `event:`/`data:` lines, a blank line per event,
 * comments for keep-alive so proxies do not cut an idle stream). `send` waits for `drain` when the socket is
 * full, so a slow reader slows its turn instead of growing memory. Headers go out with the first write.
 *
 * @example
 * const sse = new SseStream(reply.raw, { keepAliveMs: 15000 });
 * await sse.send({ hello: 'world' });
 * sse.end();
 */
export class SseStream {
  readonly #response: ServerResponse;
  readonly #options: SseStreamOptions;
  #timer: NodeJS.Timeout | undefined;
  #opened = false;

  constructor(response: ServerResponse, options: SseStreamOptions) {
    this.#response = response;
    this.#options = options;
  }

  /** Whether the response is still writable (the client has not gone away, `end` not called). */
  get writable(): boolean {
    return !this.#response.destroyed && !this.#response.writableEnded;
  }

  /** Sends the status line and headers now (and starts the keep-alive comments). */
  open(): void {
    if (this.#opened) return;
    this.#opened = true;
    this.#response.writeHead(200, {
      ...this.#options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.#response.flushHeaders();
    this.#armKeepAlive();
  }

  /** Writes one event: `data` is JSON-encoded unless it is a string (`[DONE]`). */
  async send(data: unknown, event?: string): Promise<void> {
    this.open();
    if (!this.writable) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const lines = payload.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
    const frame = `${event === undefined ? '' : `event: ${event}\n`}${lines.join('')}\n`;
    this.#armKeepAlive();
    if (!this.#response.write(frame)) await this.#drained();
  }

  /** Stops the keep-alive comments and ends the response. Idempotent. */
  end(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.writable) this.#response.end();
  }

  #armKeepAlive(): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => {
      if (this.writable) this.#response.write(': keep-alive\n\n');
      else this.end();
    }, this.#options.keepAliveMs);
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#response.off('drain', done);
        this.#response.off('close', done);
        resolve();
      };
      this.#response.on('drain', done);
      this.#response.on('close', done);
    });
  }
}
