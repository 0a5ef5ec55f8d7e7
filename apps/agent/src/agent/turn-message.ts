import { type InboundMessage, InboundMessageSchema } from '@clawft/types';

/** The channel of every CLI turn (sessions are `cli:<id>`). */
export const CLI_CHANNEL = 'cli';
/** The sender CLI turns are booked to (costs, budgets). */
export const CLI_SENDER = 'cli';

/** The inbound message of one CLI turn in session `cli:<sessionId>`. */
export function turnMessage(content: string, sessionId: string): InboundMessage {
  return InboundMessageSchema.parse({
    channel: CLI_CHANNEL,
    senderId: CLI_SENDER,
    chatId: sessionId,
    content,
    timestamp: Date.now(),
  });
}
