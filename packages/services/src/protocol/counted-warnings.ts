import type { McpLogger } from '../logger.js';

/** Distinct messages counted at most; past it the counts start again, so memory stays bounded. */
const MAX_MESSAGES = 1024;

/**
 * A logger that passes on the 1st, 10th, 100th, … warning of each message (with the count so far), so a
 * server that floods the client (100k stray responses, a stream of garbage lines) costs a handful of log lines
 * rather than one per message. The fields logged are those of the occurrence that was passed on. At most
 * 1024 distinct messages are counted at a time (then the counts start again).
 *
 * @example
 * const warnings = new CountedWarnings(consoleLogger);
 * for (let i = 0; i < 100_000; i += 1) warnings.warn('dropped a response with an unknown id');
 * // 6 lines: counts 1, 10, 100, 1000, 10000, 100000
 */
export class CountedWarnings implements McpLogger {
  readonly #logger: McpLogger;
  readonly #counts = new Map<string, number>();

  constructor(logger: McpLogger) {
    this.#logger = logger;
  }

  /** How often `message` was warned about, passed on or not. */
  count(message: string): number {
    return this.#counts.get(message) ?? 0;
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    if (this.#counts.size >= MAX_MESSAGES && !this.#counts.has(message)) this.#counts.clear();
    const count = (this.#counts.get(message) ?? 0) + 1;
    this.#counts.set(message, count);
    if (!isPowerOfTen(count)) return;
    const text = count === 1 ? message : `${message} (${count} times so far; logging each 10× more)`;
    if (fields === undefined) this.#logger.warn(text);
    else this.#logger.warn(text, fields);
  }
}

function isPowerOfTen(count: number): boolean {
  let value = count;
  while (value >= 10 && value % 10 === 0) value /= 10;
  return value === 1;
}
