/**
 * Runs tasks one at a time per key, in call order, tasks of different keys concurrently. A failed task does not
 * stop the ones queued after it. Keys with nothing queued take no memory.
 *
 * @example
 * const queue = new KeyQueue();
 * await queue.run('cli:main', () => append(...));
 */
export class KeyQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
