/** Backoff for restarting a server whose connection dropped. */
export interface RestartOptions {
  /** Restarts in a row (without a successful connect between) before giving up. @default 5 */
  maxRestarts?: number;
  /** Delay before the first restart, in ms; doubles each time. @default 500 */
  initialDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
}

/** The delay before restart number `attempt` (0-based), or `undefined` when restarts are used up. */
export function restartDelayMs(options: RestartOptions, attempt: number): number | undefined {
  const { maxRestarts = 5, initialDelayMs = 500, maxDelayMs = 30_000 } = options;
  if (attempt >= maxRestarts) return undefined;
  return Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
}
