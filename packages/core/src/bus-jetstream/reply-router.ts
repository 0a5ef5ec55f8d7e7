import { OutboundMessageSchema } from '@clawft/types';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { OutboundListener, OutboundTarget } from '../bus/bus-transport.js';
import { addListener } from '../bus/listener-map.js';
import { LruMap } from '../shared/lru-map.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';

/**
 * Routes replies arriving at this process (its own reply subject, and the channel subjects someone here
 * subscribed to) to local listeners, dropping a second reply to the same inbound message (a redelivered turn).
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

  constructor(connection: NatsConnection, settings: JetStreamSettings, processId: string) {
    this.#connection = connection;
    this.#settings = settings;
    this.#seen = new LruMap(settings.replyDedupeSize);
    this.replySubject = settings.subjects.reply(processId);
    this.#own = connection.subscribe(this.replySubject, { callback: (_error, msg) => this.#route(msg.data) });
  }

  subscribe(target: OutboundTarget, listener: OutboundListener): () => void {
    if ('inReplyTo' in target) return addListener(this.#byMessage, target.inReplyTo, listener);
    const { channel } = target;
    if (!this.#channelSubscriptions.has(channel)) {
      const subject = this.#settings.subjects.channel(channel);
      const subscription = this.#connection.subscribe(subject, {
        callback: (_error, msg) => this.#route(msg.data),
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

  #route(data: Uint8Array): void {
    const parsed = OutboundMessageSchema.safeParse(safeJson(data));
    if (!parsed.success) return;
    const message = parsed.data;
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
    for (const listener of listeners) {
      // A listener that fails must not stop the others; it is counted.
      Promise.resolve()
        .then(() => listener(message))
        .catch(() => {
          this.listenerFailures += 1;
        });
    }
  }
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
