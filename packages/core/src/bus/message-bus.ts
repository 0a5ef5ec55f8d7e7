import {
  type Bus,
  BusError,
  type InboundMessage,
  type OutboundMessage,
  type OutboundMessageInput,
  OutboundMessageSchema,
  sessionKey,
} from '@clawft/types';
import { BoundedChannel } from './bounded-channel.js';
import { parseBusConfig } from './bus-config.js';
import type {
  BusTransport,
  BusTransportMetrics,
  InboundDelivery,
  OutboundListener,
  OutboundTarget,
  SettleOptions,
  TurnEventListener,
} from './bus-transport.js';
import { callHook } from './call-hook.js';
import type { ChannelMetrics } from './channel-metrics.js';
import {
  type DropReason,
  jsonBytes,
  type ReceiveOptions,
  type SendOptions,
  type SendOutcome,
  type TrySendResult,
} from './channel-options.js';
import { withMessageId } from './inbound-id.js';
import { addListener } from './listener-map.js';
import { memoryDelivery, memoryTransportMetrics } from './memory-delivery.js';
import { TurnLinks } from './turn-links.js';

/** Why a message did not reach its destination: a channel drop, or an outbound reply nobody took. */
export type BusDropReason = DropReason | 'no-subscriber' | 'handler-failed';

/** One message that did not reach its destination. */
export type BusDropEvent =
  | { direction: 'inbound'; message: InboundMessage; reason: DropReason }
  | { direction: 'outbound'; message: OutboundMessage; reason: BusDropReason; error?: unknown };

/** Receives the outbound replies of one channel (`cli`, `telegram`, …). */
export type OutboundHandler = (message: OutboundMessage) => void | Promise<void>;

/** Options of `MessageBus`. */
export interface MessageBusOptions {
  /** The `bus` section of config.json, parsed or partial (validated and defaulted with `BusSchema`). */
  config?: Partial<Bus> | undefined;
  /** Keep inbound messages in per-session lanes (`sessionKey`) served round-robin. @default true */
  fairSessions?: boolean | undefined;
  /** Called for every message that did not reach its destination. Must not throw. */
  onDrop?: ((event: BusDropEvent) => void) | undefined;
}

/** Outbound dispatch counters. */
export interface DispatchMetrics {
  /** Handler calls that completed. */
  delivered: number;
  /** Replies for a channel with no subscriber. */
  noSubscriber: number;
  /** Handler calls that threw or rejected. */
  handlerFailed: number;
}

/** What `MessageBus#metrics()` returns: one snapshot per direction plus outbound dispatch. */
export interface MessageBusMetrics {
  inbound: ChannelMetrics;
  outbound: ChannelMetrics;
  dispatch: DispatchMetrics;
}

/**
 * The bus between chat channels and the agent: a bounded inbound channel (policy from config) and a bounded
 * outbound channel that always blocks, so replies are never dropped. Outbound replies are dispatched by
 * `message.channel` to subscribers.
 *
 * @throws {ConfigError} `config-invalid` when `config` does not match `BusSchema` (each issue names its `bus.` path).
 * @example
 * const bus = new MessageBus({ config: config.bus });
 * const stop = bus.subscribe('cli', (reply) => console.log(reply.content));
 * void bus.dispatchOutbound({ signal });
 * await bus.publishInbound(message);
 */
export class MessageBus implements BusTransport {
  /** `BusTransport`: a delivery is handed out once; nothing in one process delivers it again. */
  readonly redelivers = false;
  readonly inbound: BoundedChannel<InboundMessage>;
  readonly outbound: BoundedChannel<OutboundMessage>;
  readonly #subscribers = new Map<string, Set<OutboundHandler>>();
  readonly #replyListeners = new Map<string, Set<OutboundHandler>>();
  readonly #links = new TurnLinks();
  readonly #dispatch: DispatchMetrics = { delivered: 0, noSubscriber: 0, handlerFailed: 0 };
  readonly #onDrop: ((event: BusDropEvent) => void) | undefined;

  constructor(options: MessageBusOptions = {}) {
    const config = parseBusConfig(options.config);
    const onDrop = options.onDrop;
    this.#onDrop = onDrop;
    this.inbound = new BoundedChannel<InboundMessage>({
      name: 'inbound',
      capacity: config.inboundCapacity,
      overflowPolicy: config.overflowPolicy,
      maxBytes: config.maxBytes,
      sendTimeoutMs: config.sendTimeoutMs,
      maxWaitingSenders: config.maxWaitingSenders,
      laneOf: options.fairSessions === false ? undefined : sessionKey,
      onDrop: onDrop && ((message, reason) => onDrop({ direction: 'inbound', message, reason })),
    });
    const { maxBytes } = config;
    this.outbound = new BoundedChannel<OutboundMessage>({
      name: 'outbound',
      capacity: config.outboundCapacity,
      overflowPolicy: 'block',
      maxBytes,
      // A reply larger than maxBytes is never refused (replies are never dropped): it counts as maxBytes, so it
      // waits until the channel is empty of bytes and is then held alone.
      ...(maxBytes === undefined ? {} : { sizeOf: (message) => Math.min(jsonBytes(message), maxBytes) }),
      onDrop: onDrop && ((message, reason) => onDrop({ direction: 'outbound', message, reason })),
    });
  }

  /** Offers an inbound message under the configured policy (see `BoundedChannel#send`). */
  publishInbound(message: InboundMessage, options?: SendOptions): Promise<SendOutcome> {
    return this.inbound.send(message, options);
  }

  /** Offers an inbound message without waiting (see `BoundedChannel#trySend`). */
  tryPublishInbound(message: InboundMessage): TrySendResult {
    return this.inbound.trySend(message);
  }

  /** Takes the next inbound message. @throws {BusError} `bus-closed` when closed and drained, `aborted`. */
  consumeInbound(options?: ReceiveOptions): Promise<InboundMessage> {
    return this.inbound.receive(options);
  }

  /** Queues a reply, waiting for space (never dropped). @throws {BusError} `bus-closed`, `aborted`. */
  publishOutbound(message: OutboundMessageInput, options?: SendOptions): Promise<SendOutcome> {
    // A reply as users write it (no `media`/`metadata`) gets the schema's defaults; a whole one is taken as is.
    if (message.media !== undefined && message.metadata !== undefined) {
      return this.outbound.send(message as OutboundMessage, options);
    }
    const parsed = OutboundMessageSchema.safeParse(message);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `message.${issue.path.join('.')}: ${issue.message}`);
      return Promise.reject(new TypeError(`publishOutbound: malformed reply (${fields.join('; ')})`));
    }
    return this.outbound.send(parsed.data, options);
  }

  /** Registers a handler for replies to `channel`; returns the function that removes it. */
  subscribe(channel: string, handler: OutboundHandler): () => void {
    return addListener(this.#subscribers, channel, handler);
  }

  /** `BusTransport`: the next inbound message as a delivery (its `ack` is a no-op in-process). */
  async receiveInbound(options: ReceiveOptions = {}): Promise<InboundDelivery> {
    const { message, messageId } = withMessageId(await this.consumeInbound(options));
    return memoryDelivery(
      message,
      messageId,
      (reply, sendOptions) => this.publishOutbound(reply, sendOptions),
      this.#links,
    );
  }

  /** `BusTransport`: the turn events the consumer of `messageId` emits on its delivery. */
  subscribeTurnEvents(messageId: string, listener: TurnEventListener): () => void {
    return this.#links.subscribe(messageId, listener);
  }

  /** `BusTransport`: aborts the delivery of `messageId` (now, or when it is taken). */
  async cancelInbound(messageId: string, options: SettleOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    this.#links.cancel(messageId);
  }

  /** `BusTransport`: replies to one channel, or to one inbound message (by `replyTo`). Needs `dispatchOutbound`. */
  subscribeOutbound(target: OutboundTarget, listener: OutboundListener): () => void {
    if ('channel' in target) return this.subscribe(target.channel, listener);
    return addListener(this.#replyListeners, target.inReplyTo, listener);
  }

  /** `BusTransport`: the channel counters in the shape every transport reports. */
  async transportMetrics(): Promise<BusTransportMetrics> {
    return memoryTransportMetrics(this.inbound.metrics());
  }

  /**
   * Delivers outbound replies to their channel's subscribers until the outbound channel is closed and drained, or
   * `signal` aborts (then it returns without error). Run one or more of these loops.
   */
  async dispatchOutbound(options: ReceiveOptions = {}): Promise<void> {
    try {
      for await (const message of this.outbound.iterate(options)) await this.#deliver(message);
    } catch (error) {
      if (BusError.is(error) && error.kind === 'aborted') return;
      throw error;
    }
  }

  /** Snapshots of both channels and the dispatcher, for `clawft status`. */
  metrics(): MessageBusMetrics {
    return {
      inbound: this.inbound.metrics(),
      outbound: this.outbound.metrics(),
      dispatch: { ...this.#dispatch },
    };
  }

  /** Closes both directions: no more publishes; consumers and dispatchers drain what was accepted, then end. */
  close(): void {
    this.inbound.close();
    this.outbound.close();
  }

  async #deliver(message: OutboundMessage): Promise<void> {
    const handlers = [
      ...(this.#subscribers.get(message.channel) ?? []),
      ...((message.replyTo !== undefined && this.#replyListeners.get(message.replyTo)) || []),
    ];
    if (handlers.length === 0) {
      this.#dispatch.noSubscriber += 1;
      callHook(this.#onDrop, { direction: 'outbound', message, reason: 'no-subscriber' });
      return;
    }
    const results = await Promise.allSettled(handlers.map(async (handler) => handler(message)));
    for (const result of results) {
      if (result.status === 'fulfilled') {
        this.#dispatch.delivered += 1;
        continue;
      }
      this.#dispatch.handlerFailed += 1;
      callHook(this.#onDrop, {
        direction: 'outbound',
        message,
        reason: 'handler-failed',
        error: result.reason,
      });
    }
  }
}
