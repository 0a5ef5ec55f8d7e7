import { type OutboundMessage, OutboundMessageSchema, TurnEventSchema } from '@clawft/types';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { OutboundListener, OutboundTarget } from '../bus/bus-transport.js';
import { addListener } from '../bus/listener-map.js';
import type { TurnLinks } from '../bus/turn-links.js';
import { LruMap } from '../shared/lru-map.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';

/** The header naming the reply subject of the process that published an inbound message. */
export const REPLY_TO_HEADER = 'Clawft-Reply-To';

/** The header that marks a message on a reply subject as a turn event of the inbound message it names. */
export const EVENT_HEADER = 'Clawft-Event-For';

/**
 * Routes replies arriving at this process (its own reply subject, and the channel subjects someone here
 * subscribed to) to local listeners, dropping a second reply to the same inbound message (a redelivered turn).
 * Turn events (marked by `Clawft-Event-For`) go to the `TurnLinks` listeners of their message; events and the reply
 * of one message are handed over in arrival order, each after the one before has been handled.
 */
export class ReplyRouter {
  readonly replySubject: string;
  duplicates = 0;
  listenerFailures = 0;
  readonly #byMessage = new Map<string, Set<OutboundListener>>();
  readonly #byChannel = new Map<string, Set<OutboundListener>>();
  readonly #channelSubscriptions = new Map<string, Subscription>();
  readonly #seen: LruMap<string, true>;
  readonly #connection: NatsConnection;
  readonly #settings: JetStreamSettings;
  readonly #own: Subscription;
  readonly #turns: TurnLinks;
  /** Per inbound message: the hand-over in progress, so its events and reply stay in order. */
  readonly #chains = new Map<string, Promise<void>>();

  constructor(connection: NatsConnection, settings: JetStreamSettings, processId: string, turns: TurnLinks) {
    this.#connection = connection;
    this.#settings = settings;
    this.#turns = turns;
    this.#seen = new LruMap(settings.replyDedupeSize);
    this.replySubject = settings.subjects.reply(processId);
    this.#own = connection.subscribe(this.replySubject, { callback: (_error, msg) => this.#receive(msg) });
  }

  subscribe(target: OutboundTarget, listener: OutboundListener): () => void {
    if ('inReplyTo' in target) return addListener(this.#byMessage, target.inReplyTo, listener);
    const { channel } = target;
    if (!this.#channelSubscriptions.has(channel)) {
      const subject = this.#settings.subjects.channel(channel);
      const subscription = this.#connection.subscribe(subject, {
        callback: (_error, msg) => this.#receive(msg),
      });
      this.#channelSubscriptions.set(channel, subscription);
    }
    const remove = addListener(this.#byChannel, channel, listener);
    return () => {
      remove();
      if (this.#byChannel.has(channel)) return;
      this.#channelSubscriptions.get(channel)?.unsubscribe();
      this.#channelSubscriptions.delete(channel);
    };
  }

  close(): void {
    this.#own.unsubscribe();
    for (const subscription of this.#channelSubscriptions.values()) subscription.unsubscribe();
    this.#channelSubscriptions.clear();
  }

  #receive(msg: Msg): void {
    const eventFor = msg.headers?.get(EVENT_HEADER) || undefined;
    if (eventFor === undefined) {
      this.#route(msg.data);
      return;
    }
    const parsed = TurnEventSchema.safeParse(safeJson(msg.data));
    if (parsed.success) this.#inOrder(eventFor, () => this.#turns.emit(eventFor, parsed.data));
  }

  /** Runs `handOver` after every earlier hand-over of `messageId`. */
  #inOrder(messageId: string, handOver: () => Promise<void>): void {
    const next = (this.#chains.get(messageId) ?? Promise.resolve()).then(handOver);
    this.#chains.set(messageId, next);
    void next.then(() => {
      if (this.#chains.get(messageId) === next) this.#chains.delete(messageId);
    });
  }

  #route(data: Uint8Array): void {
    const parsed = OutboundMessageSchema.safeParse(safeJson(data));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.replyTo !== undefined) {
      const { replyTo } = message;
      this.#inOrder(replyTo, () => this.#dispatch(message));
      return;
    }
    void this.#dispatch(message);
  }

  async #dispatch(message: OutboundMessage): Promise<void> {
    if (message.replyTo !== undefined) {
      if (this.#seen.get(message.replyTo) !== undefined) {
        this.duplicates += 1;
        return;
      }
      this.#seen.set(message.replyTo, true);
    }
    const listeners = [
      ...(this.#byChannel.get(message.channel) ?? []),
      ...((message.replyTo !== undefined && this.#byMessage.get(message.replyTo)) || []),
    ];
    // A listener that fails must not stop the others; it is counted.
    await Promise.all(
      listeners.map((listener) =>
        Promise.resolve()
          .then(() => listener(message))
          .catch(() => {
            this.listenerFailures += 1;
          }),
      ),
    );
  }
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
