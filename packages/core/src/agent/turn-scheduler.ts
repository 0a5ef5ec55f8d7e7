import { KeyQueue } from '../shared/key-queue.js';

/**
 * Runs tasks keyed by session: tasks of one key strictly one after another, in the order they were given; tasks of
 * different keys concurrently, at most `maxConcurrent` at once. A task waits for its key's previous task before it
 * asks for a slot, so a session's follow-up never holds a slot another session could use.
 */
export class TurnScheduler {
  readonly #maxConcurrent: number;
  readonly #queue = new KeyQueue();
  readonly #slotWaiters: (() => void)[] = [];
  #running = 0;
  #held = 0;
  readonly #idleWaiters: (() => void)[] = [];
  readonly #onRelease: (() => void) | undefined;

  /** `onRelease` is called each time a task has finished and no longer counts in `held`. */
  constructor(maxConcurrent: number, onRelease?: () => void) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new TypeError(`maxConcurrentTurns must be an integer ≥ 1, got ${String(maxConcurrent)}`);
    }
    this.#maxConcurrent = maxConcurrent;
    this.#onRelease = onRelease;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks given and not finished (running or waiting). */
  get held(): number {
    return this.#held;
  }

  /** Runs `task` after every earlier task of `key`, once a slot is free; resolves or rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    this.#held += 1;
    const result = this.#queue.run(key, () => this.#withSlot(task));
    const finished = (): void => {
      this.#held -= 1;
      if (this.#held === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
      this.#onRelease?.();
    };
    void result.then(finished, finished);
    return result;
  }

  /** Resolves when no task is held. */
  idle(): Promise<void> {
    if (this.#held === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Resolves `true` once no task is held, or `false` when `deadlineMs` passes first. */
  async idleWithin(deadlineMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
    });
    try {
      return await Promise.race([this.idle().then(() => true as const), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxConcurrent) {
      await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#slotWaiters.shift();
      // The slot passes straight to the next waiter, so `running` never dips and a newcomer cannot jump the queue.
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}
