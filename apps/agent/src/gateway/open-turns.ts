import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The gateway's running turns, for a drain on shutdown: each turn links its own abort signal to `signal`, and
 * `drain` waits for them to end, aborting those still running at the deadline.
 *
 * @example
 * const turn = openTurns.enter();
 * try { await runner.runTurn(message, { signal: link(turn.signal) }); } finally { turn.leave(); }
 */
export class OpenTurns {
  readonly #abort = new AbortController();
  readonly #idle = new Set<() => void>();
  #open = 0;

  constructor() {
    // Every running turn links a listener to this one signal: hundreds at once are expected, not a leak.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Aborts when the drain's deadline passed: every turn still running stops (and still answers). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Turns running now. */
  get open(): number {
    return this.#open;
  }

  /** Counts one turn in; call `leave()` on every path. */
  enter(): { leave(): void } {
    this.#open += 1;
    let left = false;
    return {
      leave: () => {
        if (left) return;
        left = true;
        this.#open -= 1;
        if (this.#open === 0) for (const wake of [...this.#idle]) wake();
      },
    };
  }

  /** Waits up to `deadlineMs` for every turn to end, then aborts the rest and waits for them to answer. */
  async drain(deadlineMs: number): Promise<void> {
    const deadline = new AbortController();
    const idle = this.#whenIdle();
    await Promise.race([
      idle,
      sleep(deadlineMs, undefined, { signal: deadline.signal }).catch(() => undefined),
    ]);
    deadline.abort();
    if (this.#open > 0) this.#abort.abort();
    await idle;
  }

  #whenIdle(): Promise<void> {
    if (this.#open === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.#idle.delete(wake);
        resolve();
      };
      this.#idle.add(wake);
    });
  }
}
