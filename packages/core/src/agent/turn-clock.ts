/** The stages that tile a turn; each starts where the previous lap ended. */
export type TurnStage = 'queue' | 'context' | 'llm' | 'tools' | 'persist' | 'publish';

/**
 * Monotonic laps of one turn. `lap(stage)` books the time since the previous lap to `stage`, so the stages add up to
 * `elapsed()` exactly, whatever the clock.
 */
export class TurnClock {
  readonly #clock: () => number;
  /** Turn origin on the monotonic clock: the message's arrival, `earlierMs` before the clock was first read. */
  readonly originMs: number;
  #lastMs: number;
  readonly totals: Record<TurnStage, number> = {
    queue: 0,
    context: 0,
    llm: 0,
    tools: 0,
    persist: 0,
    publish: 0,
  };

  /** `earlierMs`: time already spent before the clock was read (e.g. in the bus), booked to `queue`. */
  constructor(clock: () => number, startMs: number, earlierMs: number) {
    this.#clock = clock;
    this.originMs = startMs - earlierMs;
    this.#lastMs = startMs;
    this.totals.queue = earlierMs;
  }

  /** Monotonic now, milliseconds. */
  now(): number {
    return this.#clock();
  }

  /** Offset of `atMs` (monotonic) from the turn origin. */
  offset(atMs: number): number {
    return Math.max(0, atMs - this.originMs);
  }

  /** Books the time since the previous lap to `stage`; returns that time. */
  lap(stage: TurnStage): number {
    const now = this.#clock();
    const spent = Math.max(0, now - this.#lastMs);
    this.totals[stage] += spent;
    this.#lastMs = Math.max(this.#lastMs, now);
    return spent;
  }

  /** Time since the origin up to the last lap. */
  elapsed(): number {
    return this.#lastMs - this.originMs;
  }
}
