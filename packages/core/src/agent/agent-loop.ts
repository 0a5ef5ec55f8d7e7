import {
  AgentDefaultsSchema,
  BusError,
  type InboundMessage,
  type OutboundMessage,
  sessionKey,
} from '@clawft/types';
import type { BusTransport, InboundDelivery } from '../bus/bus-transport.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SessionHistory } from '../sessions/session-history.js';
import { resolvePath } from '../shared/resolve-path.js';
import type {
  AgentLoopOptions,
  RunTurnOptions,
  ShutdownOptions,
  ShutdownReport,
} from './agent-loop-options.js';
import { deliveryTurn } from './delivery-turn.js';
import { reportProblem, type ScheduleOptions } from './report-problem.js';
import { TurnRun } from './run-turn.js';
import { settleDelivery } from './settle-delivery.js';
import type { TurnDeps, TurnResult, TurnSetup } from './turn-deps.js';
import { TurnScheduler } from './turn-scheduler.js';
import { type TurnEventHandler, TurnWatchers, type WatchTarget } from './turn-watchers.js';

/** @default for `ShutdownOptions.deadlineMs` */
const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * The agent: takes inbound messages from the bus and answers each with one turn (context → pipeline → tools →
 * … → reply). Sessions run concurrently up to `maxConcurrentTurns`, each strictly in arrival order. Every turn
 * answers, and its events go to the watchers of its session or message id.
 *
 * @throws {TypeError} when `defaults` does not match `AgentDefaultsSchema` (the message names the field).
 * @example
 * const loop = new AgentLoop({ bus, pipeline, sessions, context, tools, defaults: config.agents.defaults });
 * const stop = loop.watch({ sessionKey: 'cli:main' }, (event) => console.log(event.type));
 * const running = loop.start();
 * // …
 * await loop.shutdown({ deadlineMs: 5000 });
 */
export class AgentLoop {
  readonly #deps: TurnDeps;
  readonly #scheduler: TurnScheduler;
  readonly #watchers = new TurnWatchers();
  readonly #stopTaking = new AbortController();
  readonly #abortTurns = new AbortController();
  /** Aborted at the shutdown deadline on a bus that redelivers: unfinished deliveries go back to the bus. */
  readonly #handOver = new AbortController();
  #handedOver = 0;
  readonly #running = new Set<AbortController>();
  readonly #capacity: number;
  #consuming: Promise<void> | undefined;
  #room: (() => void) | undefined;

  constructor(options: AgentLoopOptions) {
    const parsed = AgentDefaultsSchema.safeParse(options.defaults ?? {});
    if (!parsed.success) throw new TypeError(`Invalid agents.defaults: ${parsed.error.message}`);
    const defaults = parsed.data;
    this.#scheduler = new TurnScheduler(defaults.maxConcurrentTurns, () => this.#room?.());
    // Messages taken from the bus but not finished; beyond this the loop leaves them in the bus (backpressure).
    this.#capacity = defaults.maxConcurrentTurns * 2;
    this.#deps = {
      bus: options.bus,
      pipeline: options.pipeline,
      sessions: options.sessions,
      context: options.context,
      tools: options.tools,
      defaults,
      workspace: resolvePath(defaults.workspace),
      clock: options.clock ?? (() => performance.now()),
      wallClock: options.wallClock ?? Date.now,
      onProblem: options.onProblem ?? reportProblem,
    };
  }

  /** The bus the loop consumes and publishes to. */
  get bus(): BusTransport {
    return this.#deps.bus;
  }

  /** The pipeline every model call goes through (its `costTracker` holds spend and the ledger). */
  get pipeline(): Pipeline {
    return this.#deps.pipeline;
  }

  /** The session store turns load from and append to. */
  get sessions(): SessionHistory {
    return this.#deps.sessions;
  }

  /** Turns running now, and turns taken and not finished (running or waiting for their session or a slot). */
  get load(): { running: number; held: number } {
    return { running: this.#scheduler.running, held: this.#scheduler.held };
  }

  /**
   * Consumes the bus inbound until `shutdown()` or the bus is closed and drained; resolves then. Calling it twice
   * returns the same promise.
   */
  start(): Promise<void> {
    this.#consuming ??= this.#consume();
    return this.#consuming;
  }

  /** Watches the turns of a session or of one message id; returns the function that stops watching. */
  watch(target: WatchTarget, handler: TurnEventHandler): () => void {
    return this.#watchers.add(target, handler);
  }

  /**
   * Runs one turn for `message` now (in its session's order, under the concurrency cap) and resolves with the reply
   * and outcome. Never rejects for a failure of the turn: that is an answer too.
   */
  async runTurn(message: InboundMessage, options: RunTurnOptions = {}): Promise<TurnResult> {
    const { bus } = this.#deps;
    const publish =
      options.publish === true
        ? async (reply: OutboundMessage) => void (await bus.publishOutbound(reply))
        : undefined;
    const { reply, outcome } = await this.#schedule(message, { ...options, publish }, (setup) =>
      new TurnRun(this.#deps, setup).run(),
    );
    return { reply, outcome };
  }

  /**
   * Stops taking messages, lets taken turns finish within `deadlineMs`, aborts the rest, then flushes the cost and
   * outcome files. Does not close the bus. An aborted turn answers with an `aborted` reply, except a delivery on a
   * bus that redelivers (`bus.redelivers`, JetStream): that one ends without a reply or final record and is handed
   * back (`nak`), so another worker resumes it from its session.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<ShutdownReport> {
    this.#stopTaking.abort();
    const deadlineMs = options.deadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS;
    const held = this.#scheduler.held;
    const inTime = await this.#scheduler.idleWithin(deadlineMs);
    const left = this.#scheduler.held;
    if (!inTime) {
      if (this.#deps.bus.redelivers) this.#handOver.abort();
      this.#abortTurns.abort();
      for (const controller of this.#running) controller.abort();
    }
    await this.#scheduler.idle();
    await this.#consuming;
    await this.#deps.pipeline.flush();
    return {
      finished: held - left,
      aborted: inTime ? 0 : left,
      handedOver: this.#handedOver,
    };
  }

  /** Runs `work` in the message's session order under the cap, with the turn's handlers and abort signal. */
  #schedule<T>(
    message: InboundMessage,
    options: ScheduleOptions,
    work: (setup: TurnSetup) => Promise<T>,
  ): Promise<T> {
    const key = sessionKey(message);
    const receivedMs = this.#deps.clock();
    return this.#scheduler.run(key, async () => {
      const messageId = message.metadata.messageId;
      const handlers = this.#watchers.snapshot(key, typeof messageId === 'string' ? messageId : undefined);
      if (options.onEvent !== undefined) handlers.push(options.onEvent);
      if (options.emit !== undefined) handlers.push(options.emit);
      // One controller per turn, aborted by shutdown or the caller's signal: listeners stay per turn.
      const controller = new AbortController();
      const abort = () => controller.abort();
      this.#running.add(controller);
      options.signal?.addEventListener('abort', abort, { once: true });
      if (options.signal?.aborted || this.#abortTurns.signal.aborted) abort();
      try {
        const setup = {
          message,
          receivedMs,
          handlers,
          signal: controller.signal,
          publish: options.publish,
          handOver: options.handOver,
        };
        return await work(setup);
      } finally {
        options.signal?.removeEventListener('abort', abort);
        this.#running.delete(controller);
      }
    });
  }

  async #consume(): Promise<void> {
    const signal = this.#stopTaking.signal;
    while (!signal.aborted) {
      while (this.#scheduler.held >= this.#capacity && !signal.aborted) await this.#waitForRoom();
      if (signal.aborted) return;
      let delivery: InboundDelivery;
      try {
        delivery = await this.#deps.bus.receiveInbound({ signal });
      } catch (error) {
        if (BusError.is(error) && (error.kind === 'bus-closed' || error.kind === 'aborted')) return;
        throw error;
      }
      void this.#deliver(delivery);
    }
  }

  /**
   * One delivery's turn: its events also go to the waiting publisher, its signal is the publisher's cancel, its
   * reply goes back through the delivery, and it is settled after: acknowledged once published and appended.
   */
  #deliver(delivery: InboundDelivery): Promise<void> {
    const options: ScheduleOptions = {
      emit: (event) => delivery.emit(event),
      signal: delivery.signal,
      publish: (reply) => delivery.reply(reply),
      handOver: this.#handOver.signal,
    };
    return this.#schedule(delivery.message, options, async (setup) => {
      const verdict = await deliveryTurn(this.#deps, delivery, setup);
      if (verdict.settle === 'nak' && verdict.reason === 'handed-over') this.#handedOver += 1;
      // Settled in the session's slot, so a follow-up never starts before its predecessor is acknowledged.
      await settleDelivery(delivery, verdict, this.#deps.onProblem);
    });
  }

  #waitForRoom(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#stopTaking.signal.removeEventListener('abort', done);
        this.#room = undefined;
        resolve();
      };
      this.#room = done;
      this.#stopTaking.signal.addEventListener('abort', done, { once: true });
    });
  }
}
