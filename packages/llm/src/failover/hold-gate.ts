import type { StreamPart } from '@clawft/types';

/**
 * `hold` mode: keeps an attempt's parts back until `holdMs` has passed since the attempt began or `holdChars`
 * characters of text (and reasoning) arrived, or the attempt finished. A failure before that shows nothing.
 */
export class HoldGate {
  readonly #parts: StreamPart[] = [];
  readonly #holdChars: number;
  readonly #releaseAt: number;
  readonly #now: () => number;
  #chars = 0;
  #holding = true;
  #timer: NodeJS.Timeout | undefined;
  #elapsed: Promise<'release'> | undefined;

  constructor(options: { holdMs: number; holdChars: number; now: () => number }) {
    this.#holdChars = options.holdChars;
    this.#now = options.now;
    this.#releaseAt = options.now() + options.holdMs;
  }

  get holding(): boolean {
    return this.#holding;
  }

  /** Adds parts; true when the gate should open now. */
  add(parts: readonly StreamPart[]): boolean {
    for (const part of parts) {
      this.#parts.push(part);
      if (part.type === 'text-delta' || part.type === 'reasoning-delta') this.#chars += part.text.length;
      if (part.type === 'finish') return true;
    }
    return this.#chars >= this.#holdChars || this.#now() >= this.#releaseAt;
  }

  /** Waits for `pending`, or for the hold time to run out first (then `'release'`). */
  wait<T>(pending: Promise<T>): Promise<T | 'release'> {
    this.#elapsed ??= new Promise((resolve) => {
      this.#timer = setTimeout(() => resolve('release'), Math.max(0, this.#releaseAt - this.#now()));
    });
    return Promise.race([pending, this.#elapsed]);
  }

  /** Opens the gate for good and returns what it held. */
  release(): StreamPart[] {
    this.dispose();
    this.#holding = false;
    return this.#parts.splice(0);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
