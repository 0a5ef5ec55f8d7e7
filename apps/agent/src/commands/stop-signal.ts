/** Signals that drain and stop a long-running command (`serve`, `worker`). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Resolves with the name of the first SIGTERM or SIGINT, then stops listening (a second signal gets Node's
 * default: the process ends).
 *
 * @example
 * const name = await waitForStopSignal();
 * io.stderr(`clawft worker: ${name}: draining\n`);
 */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (name: string) => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      resolve(name);
    };
    for (const signal of STOP_SIGNALS) process.once(signal, stop);
  });
}
