/** Options of `guardWait`. */
export interface WaitGuardOptions {
  signal: AbortSignal | undefined;
  /** Milliseconds until `onTimeout`; absent: no timer. */
  timeoutMs: number | undefined;
  onAbort: () => void;
  onTimeout: () => void;
}

/**
 * Arms the abort listener and the timeout of one wait and returns the function that disarms both. Every path that
 * ends the wait (success, timeout, abort, close) calls it, so no timer or listener outlives the wait.
 */
export function guardWait(options: WaitGuardOptions): () => void {
  const { signal, timeoutMs } = options;
  if (signal === undefined && timeoutMs === undefined) return disarmNothing;
  const timer = timeoutMs === undefined ? undefined : setTimeout(options.onTimeout, timeoutMs);
  const onAbort = options.onAbort;
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

function disarmNothing(): void {}
