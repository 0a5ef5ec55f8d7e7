import { setTimeout as sleep } from 'node:timers/promises';
import { type InboundMessage, InboundMessageSchema } from '@clawft/types';
import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { BoundedChannel } from '../bus/bounded-channel.js';
import type { InboundDelivery } from '../bus/bus-transport.js';
import { withMessageId } from '../bus/inbound-id.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';
import { type DeliveryLinks, jetStreamDelivery, type TrackedDelivery } from './jetstream-delivery.js';

/** Counters of the consuming side. */
export interface ConsumerCounters {
  redeliveries: number;
  poisoned: number;
  malformed: number;
}

/**
 * One consume loop per partition consumer, each holding at most one unsettled message, feeding a local queue that
 * `receiveInbound` takes from. Poison messages (past `maxDeliver`) are answered with an error reply and terminated.
 */
export class PartitionConsumers {
  readonly queue: BoundedChannel<TrackedDelivery>;
  readonly counters: ConsumerCounters = { redeliveries: 0, poisoned: 0, malformed: 0 };
  readonly #settings: JetStreamSettings;
  readonly #links: Omit<DeliveryLinks, 'ackWaitMs'>;
  readonly #running = new Set<ConsumerMessages>();
  readonly #stopping = new AbortController();
  readonly #loops: Promise<void>[] = [];
  readonly #held = new Set<TrackedDelivery>();

  constructor(settings: JetStreamSettings, links: Omit<DeliveryLinks, 'ackWaitMs'>) {
    this.#settings = settings;
    this.#links = links;
    this.queue = new BoundedChannel({ name: 'jetstream-deliveries', capacity: settings.nats.partitions });
  }

  /** Starts one consume loop per partition; each restarts (after 250 ms) if its iterator ends or fails. */
  start(js: JetStreamClient): void {
    for (let partition = 0; partition < this.#settings.nats.partitions; partition += 1) {
      this.#loops.push(this.#run(js, this.#settings.consumerName(partition)));
    }
  }

  /**
   * Stops pulling. Deliveries nobody took yet are handed back (`nak`), so another worker gets them at once rather
   * than after the ack wait; those taken and not settled are abandoned to the ack wait.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    for (const messages of this.#running) messages.stop();
    this.queue.close();
    while (this.queue.size > 0) await (await this.queue.receive()).nak().catch(() => undefined);
    for (const delivery of this.#held) delivery.abandon();
    await Promise.allSettled(this.#loops);
  }

  async #run(js: JetStreamClient, consumerName: string): Promise<void> {
    const { signal } = this.#stopping;
    while (!signal.aborted) {
      try {
        const consumer = await js.consumers.get(this.#settings.nats.stream, consumerName);
        // Short pulls (heartbeat every 2.5 s) so a pull lost in a server restart is renewed within seconds.
        const messages = await consumer.consume({ max_messages: 1, expires: 5000 });
        this.#running.add(messages);
        if (signal.aborted) messages.stop();
        await this.#take(messages).finally(() => this.#running.delete(messages));
      } catch {
        // The server went away or the consumer is not there yet (a restart): try again below.
      }
      await sleep(250, undefined, { signal }).catch(() => undefined);
    }
  }

  async #take(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      const delivery = await this.#admit(msg);
      if (delivery === undefined) continue;
      this.#held.add(delivery);
      void delivery.settled.then(() => this.#held.delete(delivery));
      try {
        await this.queue.send(delivery);
      } catch {
        delivery.abandon();
        return;
      }
      await delivery.settled;
    }
  }

  /** The delivery to hand out, or undefined when the message was malformed or poison (and settled here). */
  async #admit(msg: JsMsg): Promise<TrackedDelivery | undefined> {
    const parsed = InboundMessageSchema.safeParse(parseJson(msg.data));
    if (!parsed.success) {
      this.counters.malformed += 1;
      msg.term();
      return undefined;
    }
    const { message, messageId } = withMessageId(parsed.data);
    const { ackWaitMs, maxDeliver } = this.#settings.nats;
    const delivery = jetStreamDelivery(msg, message, messageId, { ...this.#links, ackWaitMs });
    if (msg.info.deliveryCount > 1) this.counters.redeliveries += 1;
    if (msg.info.deliveryCount <= maxDeliver) return delivery;
    this.counters.poisoned += 1;
    await delivery.reply(poisonReply(message, maxDeliver)).catch(() => undefined);
    await delivery.term();
    return undefined;
  }
}

function poisonReply(message: InboundMessage, maxDeliver: number): Parameters<InboundDelivery['reply']>[0] {
  return {
    channel: message.channel,
    chatId: message.chatId,
    content: `This message could not be processed: it failed ${maxDeliver} times (bus.nats.maxDeliver), so it was dropped. Try rephrasing it, or check the workers' logs.`,
    media: [],
    metadata: { error: { kind: 'poison-message', deliveries: maxDeliver } },
  };
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
