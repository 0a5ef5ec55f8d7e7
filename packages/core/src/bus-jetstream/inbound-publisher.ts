import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs, resolveRetryPolicy } from '@clawft/llm';
import { BusError, type InboundMessage, sessionKey } from '@clawft/types';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { SendOptions, SendOutcome } from '../bus/channel-options.js';
import { withMessageId } from '../bus/inbound-id.js';
import { droppedReply } from './dropped-reply.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';
import type { ReplyPublisher } from './jetstream-delivery.js';
import { hasApiCode, isUnavailable, STREAM_FULL_CODE, unavailableError } from './nats-error.js';
import { partitionOf } from './partition-of.js';
import { REPLY_TO_HEADER } from './reply-router.js';

/** Backoff of `block` publishes waiting for space: 20 ms doubling to 500 ms, with jitter. */
const BLOCK_BACKOFF = resolveRetryPolicy({ baseDelayMs: 20, maxDelayMs: 500, jitter: 0.5 });

/** What the publisher needs from the bus around it. */
export interface PublisherContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
  settings: JetStreamSettings;
  headers: () => MsgHdrs;
  replySubject: string;
  /** True while the connection is down: publishes fail fast. */
  isDown: () => boolean;
  isClosed: () => boolean;
  /** Sends a reply to a reply subject (the evicted message's caller). */
  publishReply: ReplyPublisher;
}

/** Publishes inbound messages to their partition subject, carrying out the overflow policy on a full stream. */
export class InboundPublisher {
  readonly dropped = { oldest: 0, newest: 0, rejected: 0 };
  readonly #context: PublisherContext;

  constructor(context: PublisherContext) {
    this.#context = context;
  }

  async publish(inbound: InboundMessage, options: SendOptions = {}): Promise<SendOutcome> {
    const { settings } = this.#context;
    if (this.#context.isClosed()) {
      throw new BusError({ kind: 'bus-closed', channel: 'inbound', message: 'The JetStream bus is closed.' });
    }
    const { message, messageId } = withMessageId(inbound);
    const subject = settings.subjects.inbound(partitionOf(sessionKey(message), settings.nats.partitions));
    const data = Buffer.from(JSON.stringify(message), 'utf8');
    const headers = this.#context.headers();
    headers.set(REPLY_TO_HEADER, this.#context.replySubject);
    const timeoutMs = options.timeoutMs ?? settings.bus.sendTimeoutMs;
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeoutMs;
    let outcome: SendOutcome = 'accepted';
    for (let attempt = 1; ; attempt += 1) {
      if (options.signal?.aborted === true) throw abortedError(options.signal.reason);
      if (this.#context.isDown()) throw unavailableError('publish', 1000);
      try {
        const publishOptions = { msgID: messageId, headers, timeout: settings.publishTimeoutMs };
        await this.#context.js.publish(subject, data, publishOptions);
        return outcome;
      } catch (error) {
        if (isUnavailable(error)) throw unavailableError('publish', 1000, error);
        if (!hasApiCode(error, STREAM_FULL_CODE)) throw error;
      }
      outcome = await this.#onFull(attempt, deadline, options.signal);
      if (outcome === 'dropped-newest') return outcome;
    }
  }

  /** Carries out the policy on a full stream; returns the outcome so far, or throws `bus-full`. */
  async #onFull(attempt: number, deadline: number, signal: AbortSignal | undefined): Promise<SendOutcome> {
    const { bus } = this.#context.settings;
    switch (bus.overflowPolicy) {
      case 'reject':
        this.dropped.rejected += 1;
        throw this.#fullError('is full; the message was rejected');
      case 'drop-newest':
        this.dropped.newest += 1;
        return 'dropped-newest';
      case 'drop-oldest':
        await this.#evictOldest();
        return 'dropped-oldest';
      case 'block': {
        const delayMs = Math.min(backoffDelayMs(BLOCK_BACKOFF, attempt), deadline - performance.now());
        if (delayMs <= 0) throw this.#fullError(`stayed full for bus.sendTimeoutMs`);
        await sleep(delayMs, undefined, signal === undefined ? {} : { signal }).catch((error: unknown) => {
          throw abortedError(error);
        });
        return 'accepted';
      }
      default: {
        const unknown: never = bus.overflowPolicy;
        throw new TypeError(`Unknown bus.overflowPolicy \`${String(unknown)}\``);
      }
    }
  }

  /**
   * Deletes the oldest message that is waiting (under `drop-oldest`), counting it. Messages in flight (each
   * partition's last delivery while it is unacknowledged) are kept: their turns are running.
   */
  async #evictOldest(): Promise<void> {
    const { jsm, settings } = this.#context;
    const { stream, partitions } = settings.nats;
    const inFlight = new Set<number>();
    for (let partition = 0; partition < partitions; partition += 1) {
      const info = await jsm.consumers.info(stream, settings.consumerName(partition));
      if (info.num_ack_pending > 0) inFlight.add(info.delivered.stream_seq);
    }
    const { state } = await jsm.streams.info(stream);
    for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
      if (inFlight.has(seq)) continue;
      // A sequence acknowledged meanwhile is gone already: try the next.
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (stored === null) continue;
      const deleted = await jsm.streams.deleteMessage(stream, seq, false).catch(() => false);
      if (!deleted) continue;
      this.dropped.oldest += 1;
      // Its caller hears now that it was dropped (best effort: a caller gone meanwhile needs no answer).
      const notice = droppedReply(stored, stream);
      if (notice !== undefined)
        await this.#context.publishReply(notice.replySubject, notice.reply).catch(() => undefined);
      return;
    }
  }

  #fullError(what: string): BusError {
    const { bus, nats } = this.#context.settings;
    return new BusError({
      kind: 'bus-full',
      channel: 'inbound',
      capacity: bus.inboundCapacity,
      retryAfterMs: 1000,
      message: `The JetStream stream "${nats.stream}" ${what} (bus.inboundCapacity ${bus.inboundCapacity}${bus.maxBytes === undefined ? '' : `, bus.maxBytes ${bus.maxBytes}`}). Retry later, add workers, or raise the limits.`,
    });
  }
}

function abortedError(cause: unknown): BusError {
  return new BusError({
    kind: 'aborted',
    channel: 'inbound',
    message: 'The publish was aborted while the JetStream stream was full.',
    cause,
  });
}
