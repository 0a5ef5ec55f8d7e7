/** Signals that drain and stop a long-running command (`serve`, `worker`). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Resolves with the name of the first SIGTERM or SIGINT, then stops listening (a second signal gets Node's
 * default: the process ends). When `signal` aborts first it stops listening and never resolves.
 *
 * @example
 * const name = await waitForStopSignal();
 * io.stderr(`clawft worker: ${name}: draining\n`);
 */
export function waitForStopSignal(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const unlisten = () => {
      for (const name of STOP_SIGNALS) process.off(name, stop);
      signal?.removeEventListener('abort', unlisten);
    };
    const stop = (name: string) => {
      unlisten();
      resolve(name);
    };
    for (const name of STOP_SIGNALS) process.once(name, stop);
    signal?.addEventListener('abort', unlisten, { once: true });
  });
}
