import type { OverflowPolicy } from '@clawft/types';

/** Why a request was not let in; each maps to one status and `Retry-After`. */
export type RefusalReason =
  | 'sender-streams'
  | 'streams'
  | 'bus-full'
  | 'bus-unavailable'
  | 'queue-timeout'
  | 'shutting-down';

/** A refused request: the status to answer, the limit at fault and when to try again. */
export interface Refusal {
  reason: RefusalReason;
  status: 429 | 503;
  /** Whole seconds, for `Retry-After`. */
  retryAfterSeconds: number;
  message: string;
}

export interface TurnAdmissionOptions {
  maxStreamsPerSender: number;
  maxStreams: number;
  /**
   * Turns that may wait for a turn slot (the bus's `inboundCapacity`). `Infinity` when the turns run elsewhere
   * (bus `nats`): the stream bounds the queue, and the gateway checks only the stream caps.
   */
  queueCapacity: number;
  /** Turns that run at once (`agents.defaults.maxConcurrentTurns`). */
  runningCapacity: number;
  /** The bus's policy: `block` waits up to `queueWaitMs` for room, the others refuse at once. */
  overflowPolicy: OverflowPolicy;
  queueWaitMs: number;
  /** Requests that may wait for room at once (`bus.maxWaitingSenders`); one more is refused at once. */
  maxWaiting: number;
}

/** Held by an admitted request until its turn ends; `release` is idempotent. */
export interface Admission {
  release(): void;
}

/**
 * Decides which requests become turns: per-sender and total stream caps, then the agent's queue (turn slots plus
 * the bus's inbound capacity) with the bus's overflow policy — `reject` and the drop policies refuse at once with
 * 429, `block` waits up to `queueWaitMs` for room, then 503. The gateway never evicts an accepted request.
 *
 * @example
 * const admitted = await admission.admit('alice', { signal });
 * if ('reason' in admitted) return refuse(reply, admitted);
 * try { … } finally { admitted.release(); }
 */
export class TurnAdmission {
  readonly #options: TurnAdmissionOptions;
  readonly #perSender = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  #open = 0;
  #closed = false;

  constructor(options: TurnAdmissionOptions) {
    this.#options = options;
  }

  /** Requests admitted and not released. */
  get open(): number {
    return this.#open;
  }

  /** Requests waiting for room. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Whether a new request would wait or be refused for want of room. */
  get saturated(): boolean {
    return this.#open >= this.#capacity();
  }

  /** Refuses every request from now on (and the waiting ones) with `shutting-down`. */
  close(): void {
    this.#closed = true;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Admits a request of `senderId`, or says why not. Waits only under policy `block`. */
  async admit(senderId: string, options: { signal?: AbortSignal } = {}): Promise<Admission | Refusal> {
    const refused = this.#refuseNow(senderId);
    if (refused !== undefined) return refused;
    const deadline = performance.now() + this.#options.queueWaitMs;
    while (this.saturated) {
      if (this.#options.overflowPolicy !== 'block')
        return refusal(
          'bus-full',
          429,
          1,
          'the agent queue is full (bus.overflowPolicy is not "block"); retry later',
        );
      if (this.#waiters.size >= this.#options.maxWaiting)
        return refusal('bus-full', 503, 1, 'too many requests are waiting for the agent queue; retry later');
      const roomy = await this.#waitForRoom(deadline - performance.now(), options.signal);
      if (this.#closed) return shuttingDown();
      if (!roomy) {
        const seconds = Math.max(1, Math.ceil(this.#options.queueWaitMs / 1000));
        return refusal(
          'queue-timeout',
          503,
          seconds,
          'no room in the agent queue within gateway.queueWaitMs',
        );
      }
      const late = this.#refuseNow(senderId);
      if (late !== undefined) return late;
    }
    return this.#take(senderId);
  }

  #refuseNow(senderId: string): Refusal | undefined {
    if (this.#closed) return shuttingDown();
    if ((this.#perSender.get(senderId) ?? 0) >= this.#options.maxStreamsPerSender)
      return refusal(
        'sender-streams',
        429,
        1,
        `sender "${senderId}" has gateway.maxStreamsPerSender turns open`,
      );
    if (this.#open >= this.#options.maxStreams)
      return refusal('streams', 429, 1, 'the gateway has gateway.maxStreams turns open');
    return undefined;
  }

  #capacity(): number {
    return this.#options.queueCapacity + this.#options.runningCapacity;
  }

  #take(senderId: string): Admission {
    this.#open += 1;
    this.#perSender.set(senderId, (this.#perSender.get(senderId) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#open -= 1;
        const left = (this.#perSender.get(senderId) ?? 1) - 1;
        if (left === 0) this.#perSender.delete(senderId);
        else this.#perSender.set(senderId, left);
        const next = this.#waiters.values().next();
        if (!next.done) next.value();
      },
    };
  }

  /** Resolves true when room may be free, false on timeout or abort. */
  #waitForRoom(waitMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (roomy: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(wake);
        resolve(roomy);
      };
      const wake = () => finish(true);
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), Math.max(0, waitMs));
      this.#waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }
}

function refusal(
  reason: RefusalReason,
  status: 429 | 503,
  retryAfterSeconds: number,
  message: string,
): Refusal {
  return { reason, status, retryAfterSeconds, message };
}

function shuttingDown(): Refusal {
  return refusal('shutting-down', 503, 5, 'the gateway is shutting down; retry against another instance');
}
