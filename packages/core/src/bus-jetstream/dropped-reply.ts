import { InboundMessageSchema, type OutboundMessage } from '@clawft/types';
import type { StoredMsg } from '@nats-io/jetstream';
import { REPLY_TO_HEADER } from './reply-router.js';

/** Where to send the answer to a message the overflow policy evicted, and the answer. */
export interface DroppedReply {
  replySubject: string;
  reply: OutboundMessage;
}

/**
 * The error reply for a waiting message evicted under `drop-oldest`: addressed to the process that published it
 * (its `Clawft-Reply-To` header), `replyTo` its message id, `metadata.error.kind: "bus-full"`, so the caller hears
 * at once that it was dropped instead of waiting for an answer that never comes. Undefined when the stored message
 * has no reply subject or is not an inbound message (nobody waits for it).
 */
export function droppedReply(stored: StoredMsg, stream: string): DroppedReply | undefined {
  const replySubject = stored.header?.get(REPLY_TO_HEADER) || undefined;
  if (replySubject === undefined) return undefined;
  let json: unknown;
  try {
    json = stored.json();
  } catch {
    return undefined;
  }
  const parsed = InboundMessageSchema.safeParse(json);
  const messageId = parsed.success ? parsed.data.metadata.messageId : undefined;
  if (!parsed.success || typeof messageId !== 'string') return undefined;
  const { channel, chatId } = parsed.data;
  return {
    replySubject,
    reply: {
      channel,
      chatId,
      content: `This message was dropped before an agent took it: the JetStream stream "${stream}" was full and bus.overflowPolicy "drop-oldest" made room for a newer message. Send it again later.`,
      replyTo: messageId,
      media: [],
      metadata: { error: { kind: 'bus-full', reason: 'dropped-oldest', retryAfterMs: 1000 } },
    },
  };
}
