import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '@clawft/types';

/**
 * The id of an inbound message: `metadata.messageId` when the publisher set one (a gateway sets it before it
 * subscribes to the reply), otherwise a new UUID. Returns the message carrying it and the id.
 *
 * @example
 * const { message, messageId } = withMessageId(inbound);
 */
export function withMessageId(inbound: InboundMessage): { message: InboundMessage; messageId: string } {
  const existing = inbound.metadata.messageId;
  if (typeof existing === 'string' && existing !== '') return { message: inbound, messageId: existing };
  const messageId = randomUUID();
  return { message: { ...inbound, metadata: { ...inbound.metadata, messageId } }, messageId };
}
