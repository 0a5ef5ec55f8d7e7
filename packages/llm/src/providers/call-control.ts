import type { Timeouts } from '@clawft/types';
import { type CallTimerSettings, CallTimers } from '../timers/call-timers.js';
import type { FailureState } from './call-failure.js';

/**
 * The abort side of one attempt: one AbortController that the caller's signal and the four timers both abort,
 * and the state saying which of them did. `dispose()` releases the timers and the listener on every path.
 */
export class CallControl {
  readonly state: FailureState = {
    phase: 'before-headers',
    responded: false,
    timedOut: undefined,
    aborted: false,
  };
  readonly timers: CallTimers;
  private readonly controller = new AbortController();
  private readonly onAbort = () => {
    this.state.aborted = true;
    this.controller.abort();
  };

  constructor(
    timeouts: CallTimerSettings | Timeouts,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timers = new CallTimers(timeouts, (kind) => {
      this.state.timedOut = kind;
      this.controller.abort();
    });
  }

  /** Aborts the request and the body read. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Listens to the caller's signal and starts the timers.
   * @throws Error when the caller's signal has already aborted (the caller maps it to `aborted`).
   */
  start(): void {
    this.callerSignal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.callerSignal?.aborted) {
      this.onAbort();
      throw new Error('aborted before the request was sent');
    }
    this.timers.start();
  }

  /** Clears the timers and the listener; aborts the request unless the response was read to its end. */
  dispose(finished: boolean): void {
    this.timers.clear();
    this.callerSignal?.removeEventListener('abort', this.onAbort);
    if (!finished) this.controller.abort();
  }
}
