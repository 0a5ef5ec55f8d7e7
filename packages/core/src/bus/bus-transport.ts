import type { InboundMessage, OutboundMessage, TurnEvent } from '@clawft/types';
import type { ReceiveOptions, SendOptions, SendOutcome } from './channel-options.js';

/**
 * One inbound message handed to a consumer. Acknowledge it explicitly once its reply is published and the session
 * appended: until then a networked transport redelivers it to another consumer when this one dies.
 */
export interface InboundDelivery {
  readonly message: InboundMessage;
  /** The inbound message's id (`metadata.messageId`): replies and session appends are idempotent by it. */
  readonly messageId: string;
  /** 1 on the first delivery; more when an earlier consumer died or `nak`ed it. */
  readonly deliveryCount: number;
  /**
   * Aborted when the publisher cancels this message with `cancelInbound` (its client went away): the turn stops,
   * still answers, and is acknowledged.
   */
  readonly signal: AbortSignal;
  /**
   * Forwards one of this message's turn events to the process that waits for its reply (`subscribeTurnEvents`).
   * Best effort: never throws (an event nobody receives is dropped; the reply still comes).
   */
  emit(event: TurnEvent): Promise<void>;
  /** Publishes the reply to whoever waits for it, with `replyTo` set to `messageId`. Never dropped. */
  reply(message: OutboundMessage, options?: SendOptions): Promise<void>;
  /** Done: the message is not delivered again. Idempotent. */
  ack(options?: SettleOptions): Promise<void>;
  /** Not done: deliver it again, after `delayMs` (to any consumer). */
  nak(options?: SettleOptions & { delayMs?: number | undefined }): Promise<void>;
  /** Never deliver it again (a poison message). */
  term(options?: SettleOptions): Promise<void>;
}

/** Options of `ack`, `nak`, `term`. */
export interface SettleOptions {
  signal?: AbortSignal | undefined;
}

/** Whose replies a subscriber receives: every reply to one channel, or the replies to one inbound message. */
export type OutboundTarget = { channel: string } | { inReplyTo: string };

/** Receives outbound replies. */
export type OutboundListener = (message: OutboundMessage) => void | Promise<void>;

/** Receives the turn events of one inbound message. */
export type TurnEventListener = (event: TurnEvent) => void | Promise<void>;

/** What every transport reports, for `clawft status` and `/metrics`. */
export interface BusTransportMetrics {
  transport: 'memory' | 'nats';
  /** Inbound messages held and not yet acknowledged (in flight included for `nats`). */
  inboundDepth: number;
  /** Inbound messages accepted but not yet handed to any consumer. */
  consumerLag: number;
  /** Inbound messages handed out and not yet acknowledged. */
  inFlight: number;
  /** Inbound messages lost to the overflow policy, by reason. */
  dropped: { oldest: number; newest: number; rejected: number };
  /** Deliveries after the first (consumers that died, `nak`s). */
  redeliveries: number;
  /** Replies not delivered because one with the same `replyTo` was delivered already. */
  duplicateReplies: number;
}

/**
 * The bus as the agent loop and the gateway see it, whichever transport carries it: in-process (`MessageBus`) or
 * NATS JetStream (`createJetStreamBus`).
 *
 * @example
 * const stop = bus.subscribeOutbound({ inReplyTo: id }, (reply) => respond(reply));
 * await bus.publishInbound({ ...message, metadata: { ...message.metadata, messageId: id } });
 * const delivery = await bus.receiveInbound({ signal });
 * await delivery.reply(answer);
 * await delivery.ack();
 */
export interface BusTransport {
  /**
   * Whether a delivery not acknowledged is delivered again (to this or another consumer): true for `nats`, false
   * in-process. A loop shutting down on a transport that redelivers hands its unfinished turns back (`nak`)
   * instead of answering them as aborted.
   */
  readonly redelivers: boolean;
  /**
   * Offers an inbound message under the overflow policy.
   * @throws {BusError} `bus-full` (`reject`, or `block` past its timeout), `bus-unavailable`, `bus-closed`,
   * `aborted`.
   */
  publishInbound(message: InboundMessage, options?: SendOptions): Promise<SendOutcome>;
  /** Waits for the next inbound delivery. @throws {BusError} `bus-closed` when closed and drained, `aborted`. */
  receiveInbound(options?: ReceiveOptions): Promise<InboundDelivery>;
  /** Publishes a reply to its channel's subscribers (prefer `delivery.reply`). @throws {BusError} as above. */
  publishOutbound(message: OutboundMessage, options?: SendOptions): Promise<SendOutcome>;
  /** Calls `listener` with replies for `target`; returns the function that removes it. */
  subscribeOutbound(target: OutboundTarget, listener: OutboundListener): () => void;
  /**
   * Calls `listener` with the turn events the consumer of message `messageId` emits (`delivery.emit`), in order;
   * returns the function that removes it. Subscribe before publishing.
   */
  subscribeTurnEvents(messageId: string, listener: TurnEventListener): () => void;
  /**
   * Asks whichever consumer holds (or will take) message `messageId` to abort its turn: its `delivery.signal`
   * aborts. Best effort and idempotent; the turn still replies. @throws {BusError} `bus-unavailable` for `nats`.
   */
  cancelInbound(messageId: string, options?: SettleOptions): Promise<void>;
  /** A snapshot of depth, drops, redeliveries and lag. @throws {BusError} `bus-unavailable` for `nats`. */
  transportMetrics(options?: ReceiveOptions): Promise<BusTransportMetrics>;
  /** Stops publishing; consumers drain what was accepted (memory) or stop (nats). Idempotent. */
  close(): void | Promise<void>;
}
