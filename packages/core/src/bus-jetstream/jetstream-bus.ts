import type { InboundMessage, OutboundMessage, TurnEvent } from '@clawft/types';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import type {
  BusTransport,
  BusTransportMetrics,
  InboundDelivery,
  OutboundListener,
  OutboundTarget,
  SettleOptions,
  TurnEventListener,
} from '../bus/bus-transport.js';
import type { ReceiveOptions, SendOptions, SendOutcome } from '../bus/channel-options.js';
import { TurnLinks } from '../bus/turn-links.js';
import { InboundPublisher } from './inbound-publisher.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';
import { readJetStreamMetrics } from './jetstream-metrics.js';
import { isUnavailable, unavailableError } from './nats-error.js';
import { PartitionConsumers } from './partition-consumers.js';
import { EVENT_HEADER, ReplyRouter } from './reply-router.js';

/** The header naming the message a cancel request is for. */
const CANCEL_HEADER = 'Clawft-Cancel';

/** The connected pieces `createJetStreamBus` hands to the bus. */
export interface JetStreamParts {
  connection: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  headers: () => MsgHdrs;
  settings: JetStreamSettings;
  processId: string;
}

/**
 * The bus on a NATS JetStream stream (see `createJetStreamBus`): inbound messages on partition subjects chosen by
 * session key, deliveries acknowledged explicitly, replies routed back to the publishing process.
 */
export class JetStreamBus implements BusTransport {
  /** A delivery not acknowledged within the ack wait, or `nak`ed, goes to another consumer. */
  readonly redelivers = true;
  readonly #parts: JetStreamParts;
  readonly #router: ReplyRouter;
  readonly #publisher: InboundPublisher;
  readonly #consumers: PartitionConsumers;
  readonly #turns = new TurnLinks();
  #cancels: Subscription | undefined;
  #down = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(parts: JetStreamParts) {
    this.#parts = parts;
    this.#router = new ReplyRouter(parts.connection, parts.settings, parts.processId, this.#turns);
    this.#publisher = new InboundPublisher({
      js: parts.js,
      jsm: parts.jsm,
      settings: parts.settings,
      headers: parts.headers,
      replySubject: this.#router.replySubject,
      isDown: () => this.#down,
      isClosed: () => this.#closed,
    });
    this.#consumers = new PartitionConsumers(parts.settings, {
      publishReply: (subject, message) => this.#reply(subject, message),
      publishEvent: (subject, messageId, event) => this.#event(subject, messageId, event),
      turns: this.#turns,
    });
    void this.#watchStatus();
  }

  /** Starts the partition consumers (a worker), listening for cancels of the messages it takes. */
  startConsuming(): void {
    if (this.#cancels !== undefined) return;
    this.#cancels = this.#parts.connection.subscribe(this.#parts.settings.subjects.cancel, {
      callback: (_error, msg) => {
        const messageId = msg.headers?.get(CANCEL_HEADER);
        if (messageId) this.#turns.cancel(messageId);
      },
    });
    this.#consumers.start(this.#parts.js);
  }

  publishInbound(message: InboundMessage, options?: SendOptions): Promise<SendOutcome> {
    return this.#publisher.publish(message, options);
  }

  receiveInbound(options: ReceiveOptions = {}): Promise<InboundDelivery> {
    return this.#consumers.queue.receive(options);
  }

  async publishOutbound(message: OutboundMessage): Promise<SendOutcome> {
    await this.#reply(undefined, message);
    return 'accepted';
  }

  subscribeOutbound(target: OutboundTarget, listener: OutboundListener): () => void {
    return this.#router.subscribe(target, listener);
  }

  subscribeTurnEvents(messageId: string, listener: TurnEventListener): () => void {
    return this.#turns.subscribe(messageId, listener);
  }

  async cancelInbound(messageId: string, options: SettleOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    if (this.#down) throw unavailableError('cancel', 1000);
    const headers = this.#parts.headers();
    headers.set(CANCEL_HEADER, messageId);
    try {
      this.#parts.connection.publish(this.#parts.settings.subjects.cancel, '', { headers });
      await this.#parts.connection.flush();
    } catch (error) {
      throw unavailableError('cancel', 1000, error);
    }
  }

  async transportMetrics(): Promise<BusTransportMetrics> {
    if (this.#down) throw unavailableError('metrics', 1000);
    try {
      return await readJetStreamMetrics(this.#parts.jsm, this.#parts.settings, {
        dropped: this.#publisher.dropped,
        redeliveries: this.#consumers.counters.redeliveries,
        duplicateReplies: this.#router.duplicates,
      });
    } catch (error) {
      throw isUnavailable(error) ? unavailableError('metrics', 1000, error) : error;
    }
  }

  /** Stops consuming and publishing, then drains the connection. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      await this.#consumers.stop();
      this.#cancels?.unsubscribe();
      this.#router.close();
      await this.#parts.connection.drain().catch(() => this.#parts.connection.close());
    })();
    return this.#closing;
  }

  async #reply(replySubject: string | undefined, message: OutboundMessage): Promise<void> {
    if (this.#down) throw unavailableError('reply', 1000);
    const subject = replySubject ?? this.#parts.settings.subjects.channel(message.channel);
    try {
      this.#parts.connection.publish(subject, JSON.stringify(message));
      await this.#parts.connection.flush();
    } catch (error) {
      throw unavailableError('reply', 1000, error);
    }
  }

  /** Events go only to a waiting process (a reply subject); without one, or while down, they are dropped. */
  #event(replySubject: string | undefined, messageId: string, event: TurnEvent): void {
    if (replySubject === undefined || this.#down || this.#closed) return;
    const headers = this.#parts.headers();
    headers.set(EVENT_HEADER, messageId);
    try {
      this.#parts.connection.publish(replySubject, JSON.stringify(event), { headers });
    } catch {
      // Best effort: the reply still comes.
    }
  }

  async #watchStatus(): Promise<void> {
    for await (const status of this.#parts.connection.status()) {
      if (status.type === 'disconnect') this.#down = true;
      if (status.type === 'reconnect') this.#down = false;
    }
  }
}
