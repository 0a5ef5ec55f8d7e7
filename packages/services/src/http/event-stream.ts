import { setTimeout as sleep } from 'node:timers/promises';
import { McpError } from '@clawft/types';
import type { Dispatcher } from 'undici';
import { type RestartOptions, restartDelayMs } from '../client/restart-options.js';
import type { McpLogger } from '../logger.js';

/** What `EventStream` needs from its transport. */
export interface EventStreamOptions {
  /** Sends the GET (with `Last-Event-ID` when given); rejects with McpError `http-error` for a failed request. */
  open: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Dispatcher.ResponseData>;
  /** Reads the body to its end, reporting each SSE event's id; rejects with McpError `http-error` for a non-2xx status. */
  read: (response: Dispatcher.ResponseData, onEvent: (id: string | undefined) => void) => Promise<void>;
  /** Backoff between reopenings; the count restarts after a stream that carried an event. */
  reconnect: RestartOptions;
  /** Aborted when the transport closes: ends the stream and any wait. */
  signal: AbortSignal;
  logger: McpLogger;
  server?: string | undefined;
}

/**
 * The GET event stream of a Streamable HTTP session, on which the server sends what belongs to no request.
 * When it ends or fails it is reopened with backoff, resuming with `Last-Event-ID`; a 405 (the server has no
 * such stream) or another 4xx except 429 stops it quietly, and so does the transport's close.
 */
export class EventStream {
  readonly #options: EventStreamOptions;
  #lastEventId: string | undefined;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  /** Runs until the stream is closed for good; never rejects. */
  async run(): Promise<void> {
    const { signal, reconnect, logger } = this.#options;
    let failures = 0;
    while (!signal.aborted) {
      const outcome = await this.#openOnce();
      if (outcome === 'stop' || signal.aborted) return;
      if (outcome === 'carried-events') failures = 0;
      const delayMs = restartDelayMs(reconnect, failures);
      if (delayMs === undefined) {
        logger.warn('the MCP event stream keeps ending; not reopening it', { server: this.#options.server });
        return;
      }
      failures += 1;
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }

  async #openOnce(): Promise<'stop' | 'carried-events' | 'empty'> {
    const { signal, logger } = this.#options;
    let carried = false;
    try {
      const response = await this.#options.open(this.#lastEventId, signal);
      if (response.statusCode === 405) {
        await response.body.dump();
        return 'stop';
      }
      await this.#options.read(response, (id) => {
        carried = true;
        if (id !== undefined) this.#lastEventId = id;
      });
    } catch (error) {
      if (signal.aborted) return 'stop';
      const status = McpError.is(error) ? error.status : undefined;
      const fields = { server: this.#options.server, error: String(error) };
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
        logger.warn('the MCP event stream was refused; not reopening it', fields);
        return 'stop';
      }
      logger.warn('the MCP event stream failed; reopening it', fields);
    }
    return carried ? 'carried-events' : 'empty';
  }
}
