import { backoffDelayMs } from '@clawft/types/internal';

/** Backoff for restarting a server whose connection dropped. */
export interface RestartOptions {
  /** Restarts in a row (without a successful connect between) before giving up. @default 5 */
  maxRestarts?: number;
  /** Delay before the first restart, in ms; doubles each time. @default 500 */
  initialDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
  /**
   * Random share taken off each delay, 0 to 1, so that clients whose servers dropped together do not reconnect in
   * lockstep. @default 0.2
   */
  jitter?: number;
}

/**
 * The delay before restart number `attempt` (0-based), in ms, or `undefined` when restarts are used up: the shared
 * exponential backoff with jitter (`backoffDelayMs` of `@clawft/types/internal`).
 *
 * @throws TypeError when `jitter` is outside 0..1.
 * @example
 * restartDelayMs({ initialDelayMs: 500 }, 2); // 1600..2000
 */
export function restartDelayMs(
  options: RestartOptions,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  const { maxRestarts = 5, initialDelayMs = 500, maxDelayMs = 30_000, jitter = 0.2 } = options;
  if (attempt >= maxRestarts) return undefined;
  return backoffDelayMs({ baseDelayMs: initialDelayMs, maxDelayMs, jitter }, attempt + 1, random);
}
