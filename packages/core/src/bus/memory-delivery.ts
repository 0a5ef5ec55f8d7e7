import type { InboundMessage, OutboundMessage } from '@clawft/types';
import type { BusTransportMetrics, InboundDelivery } from './bus-transport.js';
import type { ChannelMetrics } from './channel-metrics.js';
import type { SendOptions, SendOutcome } from './channel-options.js';
import type { TurnLinks } from './turn-links.js';

type PublishOutbound = (message: OutboundMessage, options?: SendOptions) => Promise<SendOutcome>;

/**
 * A delivery of the in-process bus: handed out once, so `ack`, `nak` and `term` only end its link (nothing
 * redelivers a message within one process); `reply` publishes to the outbound channel with `replyTo` set to the
 * message id; `emit` and `signal` go through the bus's `TurnLinks`.
 */
export function memoryDelivery(
  message: InboundMessage,
  messageId: string,
  publishOutbound: PublishOutbound,
  links: TurnLinks,
): InboundDelivery {
  const signal = links.take(messageId);
  const settled = async (): Promise<void> => links.settle(messageId);
  return {
    message,
    messageId,
    deliveryCount: 1,
    signal,
    emit: (event) => links.emit(messageId, event),
    reply: async (reply, options) => {
      await publishOutbound({ ...reply, replyTo: messageId }, options);
    },
    ack: settled,
    nak: settled,
    term: settled,
  };
}

/** The in-process inbound channel's counters in the shape every transport reports. */
export function memoryTransportMetrics(inbound: ChannelMetrics): BusTransportMetrics {
  return {
    transport: 'memory',
    inboundDepth: inbound.depth,
    consumerLag: inbound.depth,
    inFlight: 0,
    dropped: {
      oldest: inbound.dropped['dropped-oldest'],
      newest: inbound.dropped['dropped-newest'],
      rejected: inbound.dropped.rejected,
    },
    redeliveries: 0,
    duplicateReplies: 0,
  };
}
