import {
  BusError,
  type InboundMessage,
  type OutboundMessage,
  sessionKey,
  type TurnEvent,
} from '@clawft/types';
import type { TurnResult } from '../agent/turn-deps.js';
import type { TurnEventHandler } from '../agent/turn-watchers.js';
import type { BusTransport } from './bus-transport.js';
import { withMessageId } from './inbound-id.js';
import { outcomeOfReply } from './reply-outcome.js';

/** Options of `BusTurnClient#runTurn`. */
export interface BusTurnOptions {
  /** Receives the turn's events as the consumer emits them, in order, ending with `turn-finish`. */
  onEvent?: TurnEventHandler | undefined;
  /**
   * Cancels the turn: the consumer's `delivery.signal` aborts (`cancelInbound`); the turn still replies, and the
   * call waits for that reply up to `abortWaitMs`.
   */
  signal?: AbortSignal | undefined;
}

/** Options of `BusTurnClient`. */
export interface BusTurnClientOptions {
  /** How long a cancelled turn's reply is awaited before giving up with `aborted`, milliseconds. @default 10000 */
  abortWaitMs?: number | undefined;
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: (() => number) | undefined;
}

/**
 * Runs turns on whatever agent loops consume a bus (`clawft worker`s on NATS, or a loop in this process): publishes
 * the message with an id, forwards the turn events the consumer emits, and resolves with its reply and outcome.
 * Same call shape as `AgentLoop#runTurn`, so a gateway need not know where turns run. A message redelivered to
 * another consumer (its first one died) starts over: its events begin again with a new `turn-start` (another
 * `turnId`); exactly one reply resolves the call.
 *
 * @throws {BusError} `bus-full` when the bus refused or dropped the message (`reject`, `block` past its timeout,
 *   `drop-newest`), `bus-unavailable` (with `retryAfterMs`) when the bus cannot be reached, `bus-closed`,
 *   `aborted` when cancelled and no reply came within `abortWaitMs`.
 * @example
 * const turns = new BusTurnClient(bus);
 * const { reply, outcome } = await turns.runTurn(message, { signal, onEvent: (event) => render(event) });
 */
export class BusTurnClient {
  readonly #bus: BusTransport;
  readonly #abortWaitMs: number;
  readonly #clock: () => number;

  constructor(bus: BusTransport, options: BusTurnClientOptions = {}) {
    this.#bus = bus;
    this.#abortWaitMs = options.abortWaitMs ?? 10_000;
    this.#clock = options.clock ?? (() => performance.now());
  }

  async runTurn(inbound: InboundMessage, options: BusTurnOptions = {}): Promise<TurnResult> {
    options.signal?.throwIfAborted();
    const { message, messageId } = withMessageId(inbound);
    const startMs = this.#clock();
    const wait = new ReplyWait(options.onEvent);
    const stopEvents = this.#bus.subscribeTurnEvents(messageId, (event) => wait.event(event));
    const stopReply = this.#bus.subscribeOutbound({ inReplyTo: messageId }, (reply) => wait.reply(reply));
    const onAbort = () => this.#cancel(messageId, wait);
    try {
      const outcome = await this.#bus.publishInbound(message);
      if (outcome === 'dropped-newest')
        throw new BusError({
          kind: 'bus-full',
          message: 'the bus is full and its overflow policy (drop-newest) dropped this message; retry later',
        });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      const reply = await wait.done;
      const result = { reply, outcome: outcomeOfReply(reply, this.#clock() - startMs) };
      await wait.finish(result, sessionKey(message), messageId);
      return result;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      stopEvents();
      stopReply();
      wait.dispose();
    }
  }

  #cancel(messageId: string, wait: ReplyWait): void {
    this.#bus.cancelInbound(messageId).catch(() => undefined);
    wait.giveUpAfter(this.#abortWaitMs);
  }
}

/** The state of one call: events handed on in order, the reply that ends it, the give-up timer once cancelled. */
class ReplyWait {
  readonly done: Promise<OutboundMessage>;
  #resolve: (reply: OutboundMessage) => void = () => {};
  #reject: (error: unknown) => void = () => {};
  readonly #onEvent: TurnEventHandler | undefined;
  #events: Promise<void> = Promise.resolve();
  #finished = false;
  #lastTurnId: string | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(onEvent: TurnEventHandler | undefined) {
    this.#onEvent = onEvent;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => undefined);
  }

  event(event: TurnEvent): Promise<void> {
    if (this.#finished) return Promise.resolve();
    this.#lastTurnId = event.turnId;
    // The reply ends the call and brings the outcome: the consumer's own `turn-finish` is not needed.
    if (event.type === 'turn-finish') return Promise.resolve();
    const handler = this.#onEvent;
    if (handler !== undefined) this.#events = this.#events.then(() => handler(event)).catch(() => undefined);
    return this.#events;
  }

  reply(reply: OutboundMessage): void {
    this.#resolve(reply);
  }

  /** Hands on the events still queued, then a `turn-finish` with the reply's outcome. */
  async finish(result: TurnResult, key: string, messageId: string): Promise<void> {
    await this.#events;
    this.#finished = true;
    const turnId = stringOr(result.reply.metadata.turnId, this.#lastTurnId ?? messageId);
    await this.#onEvent?.({
      type: 'turn-finish',
      turnId,
      sessionKey: key,
      messageId,
      outcome: result.outcome,
    });
  }

  giveUpAfter(waitMs: number): void {
    this.#timer ??= setTimeout(
      () =>
        this.#reject(
          new BusError({
            kind: 'aborted',
            message: `the turn was cancelled and no reply came within ${waitMs} ms`,
          }),
        ),
      waitMs,
    );
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#finished = true;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
