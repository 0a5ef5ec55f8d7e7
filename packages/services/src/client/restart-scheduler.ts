import { McpError } from '@clawft/types';
import type { McpLogger } from '../logger.js';
import { type RestartOptions, restartDelayMs } from './restart-options.js';

/** Options for `RestartScheduler`. */
export interface RestartSchedulerOptions {
  /** Backoff and the number of restarts in a row allowed. */
  restart: RestartOptions;
  /** Server name for log lines. */
  server: string;
  logger: McpLogger;
  /** One restart attempt: resolves once the server is connected again, rejects when the attempt failed. */
  reconnect: () => Promise<unknown>;
}

/**
 * Restarts of one MCP server, with backoff. It is told of each failure once — a connection that was up and
 * dropped (`failed`), or an attempt that failed (it sees that itself) — and keeps at most one timer, which
 * `stop()` clears. After `maxRestarts` failed attempts in a row it gives up and starts nothing more; a
 * successful connect (`succeeded`) resets the count.
 *
 * @example
 * const restarts = new RestartScheduler({ restart: {}, server: 'fs', logger, reconnect: () => client.connect() });
 * session.onClose((error) => error && restarts.failed(error));
 */
export class RestartScheduler {
  readonly #options: RestartSchedulerOptions;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: RestartSchedulerOptions) {
    this.#options = options;
  }

  /** Restarts used since the last successful connect. */
  get attempts(): number {
    return this.#attempt;
  }

  /** True while a restart is scheduled and has not begun. */
  get scheduled(): boolean {
    return this.#timer !== undefined;
  }

  /** A connection that was up ended with `error`: schedules the next restart, or gives up when they are used up. */
  failed(error: McpError): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const delay = restartDelayMs(this.#options.restart, this.#attempt);
    const fields = { server: this.#options.server, error: error.message };
    if (delay === undefined) {
      this.#options.logger.warn('MCP server stopped and its restarts are used up', fields);
      return;
    }
    this.#attempt += 1;
    this.#options.logger.warn(`MCP server stopped; restarting in ${delay} ms`, fields);
    this.#timer = setTimeout(() => this.#run(error), delay);
  }

  /** The server is connected (by a restart or by the user): the count starts again, a pending restart is dropped. */
  succeeded(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#attempt = 0;
  }

  /** No more restarts: clears the pending timer. Idempotent. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #run(previous: McpError): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    this.#options.reconnect().then(
      () => this.succeeded(),
      (failure: unknown) => this.failed(McpError.is(failure) ? failure : previous),
    );
  }
}
