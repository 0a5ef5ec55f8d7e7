import type { InboundMessage, OutboundMessage, TurnEvent } from '@clawft/types';
import type { JsMsg } from '@nats-io/jetstream';
import type { InboundDelivery } from '../bus/bus-transport.js';
import type { TurnLinks } from '../bus/turn-links.js';
import { unavailableError } from './nats-error.js';
import { REPLY_TO_HEADER } from './reply-router.js';

/** Publishes a reply (to the waiting process's reply subject, or the channel subject) and flushes it. */
export type ReplyPublisher = (replySubject: string | undefined, message: OutboundMessage) => Promise<void>;

/** Sends a turn event of message `messageId` to the waiting process's reply subject; never throws. */
export type EventPublisher = (replySubject: string | undefined, messageId: string, event: TurnEvent) => void;

/** What a delivery needs besides its message. */
export interface DeliveryLinks {
  publishReply: ReplyPublisher;
  publishEvent: EventPublisher;
  /** Gives the delivery its cancel signal and forgets it once settled. */
  turns: TurnLinks;
  ackWaitMs: number;
}

/** A JetStream delivery plus the promise its partition loop waits on before taking the next message. */
export interface TrackedDelivery extends InboundDelivery {
  readonly settled: Promise<void>;
  /** Stops the progress beat without answering the server (on close: the ack wait redelivers it). */
  abandon(): void;
}

/**
 * Wraps one JetStream message: while it is unsettled a progress beat (`+WPI`) every third of the ack wait keeps
 * the server from redelivering it; a consumer that dies stops beating, so after the ack wait another gets it.
 */
export function jetStreamDelivery(
  msg: JsMsg,
  message: InboundMessage,
  messageId: string,
  links: DeliveryLinks,
): TrackedDelivery {
  const { publishReply, publishEvent, turns, ackWaitMs } = links;
  let resolveSettled: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    resolveSettled = resolve;
  });
  const beat = setInterval(() => msg.working(), Math.max(1, Math.floor(ackWaitMs / 3)));
  beat.unref();
  let done = false;
  const finish = (): boolean => {
    if (done) return false;
    done = true;
    clearInterval(beat);
    turns.settle(messageId);
    resolveSettled();
    return true;
  };
  const replySubject = msg.headers?.get(REPLY_TO_HEADER) || undefined;
  return {
    message,
    messageId,
    deliveryCount: msg.info.deliveryCount,
    signal: turns.take(messageId),
    settled,
    emit: async (event) => publishEvent(replySubject, messageId, event),
    reply: (reply) => publishReply(replySubject, { ...reply, replyTo: messageId }),
    ack: async () => {
      if (done) return;
      try {
        await msg.ackAck();
      } catch (error) {
        throw unavailableError('ack', 1000, error);
      }
      finish();
    },
    nak: async (options = {}) => {
      if (finish()) msg.nak(options.delayMs);
    },
    term: async () => {
      if (finish()) msg.term();
    },
    abandon: () => void finish(),
  };
}
