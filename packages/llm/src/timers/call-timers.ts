import type { TimeoutKind } from '@clawft/types';

/** The provider timers in ms; 0 disables one. */
export interface CallTimerSettings {
  headersMs: number;
  firstTokenMs: number;
  idleMs: number;
  totalMs: number;
}

/**
 * The four timers of one provider call. `headers` runs from the start to the response headers, `first-token`
 * from the headers to the first real output, `idle` between real outputs (keepalives do not count: only
 * `output()` resets it), `total` over the whole call. While the consumer holds a part (`pause` … `resume`) the idle timer does not
 * count: a slow reader is not a silent server. `clear()` cancels all of them; call it on every path.
 *
 * The idle timer is not re-armed on each output: `output()` only stamps the time, and the timer, when it fires
 * early, re-arms itself for the remainder. That keeps the per-chunk cost to one clock read.
 */
export class CallTimers {
  /** The timer that fired, if one did. */
  fired: TimeoutKind | undefined;
  private total: NodeJS.Timeout | undefined;
  private stage: NodeJS.Timeout | undefined;
  private lastOutputAt = -1;
  private paused = false;

  constructor(
    private readonly settings: CallTimerSettings,
    private readonly onTimeout: (kind: TimeoutKind) => void,
  ) {}

  /** Starts the total and headers timers. */
  start(): void {
    if (this.settings.totalMs > 0) this.total = setTimeout(() => this.fire('total'), this.settings.totalMs);
    this.arm('headers', this.settings.headersMs);
  }

  /** The response headers arrived: the first-token timer takes over. */
  headersReceived(): void {
    this.arm('first-token', this.settings.firstTokenMs);
  }

  /** A real output part was produced (never call this for keepalives). */
  output(): void {
    if (this.lastOutputAt < 0) {
      this.lastOutputAt = performance.now();
      this.arm('idle', this.settings.idleMs);
      return;
    }
    this.lastOutputAt = performance.now();
  }

  /** The consumer holds the stream (a part was handed over): the idle timer waits, it does not count. */
  pause(): void {
    this.paused = true;
  }

  /** The consumer asked for more: the idle gap starts again now. */
  resume(): void {
    this.paused = false;
    if (this.lastOutputAt >= 0) this.lastOutputAt = performance.now();
  }

  /** Cancels every timer. Safe to call more than once. */
  clear(): void {
    clearTimeout(this.total);
    clearTimeout(this.stage);
    this.total = undefined;
    this.stage = undefined;
  }

  private arm(kind: 'headers' | 'first-token' | 'idle', delayMs: number): void {
    clearTimeout(this.stage);
    this.stage = undefined;
    if (delayMs <= 0) return;
    this.stage = setTimeout(() => (kind === 'idle' ? this.idleCheck() : this.fire(kind)), delayMs);
  }

  private idleCheck(): void {
    if (this.paused) {
      this.stage = setTimeout(() => this.idleCheck(), this.settings.idleMs);
      return;
    }
    const quietMs = performance.now() - this.lastOutputAt;
    const remainingMs = this.settings.idleMs - quietMs;
    if (remainingMs > 1) this.stage = setTimeout(() => this.idleCheck(), remainingMs);
    else this.fire('idle');
  }

  private fire(kind: TimeoutKind): void {
    if (this.fired !== undefined) return;
    this.fired = kind;
    this.clear();
    this.onTimeout(kind);
  }
}
