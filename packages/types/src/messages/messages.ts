import { z } from 'zod';

/** A message arriving from a channel (CLI, chat app, HTTP, …) for the agent. */
export const InboundMessageSchema = z.object({
  channel: z.string().min(1),
  /** Who sent it: the key for cost attribution, budgets and rate limits. */
  senderId: z.string().min(1),
  chatId: z.string().min(1),
  content: z.string(),
  /** Paths or URLs of attached media. */
  media: z.array(z.string()).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
  /** Milliseconds since the Unix epoch. */
  timestamp: z.number().int().nonnegative(),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

/** A reply the agent publishes back to a channel. */
export const OutboundMessageSchema = z.object({
  channel: z.string().min(1),
  chatId: z.string().min(1),
  content: z.string(),
  replyTo: z.string().optional(),
  media: z.array(z.string()).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
/** What callers may pass: `media` and `metadata` may be left out. */
export type OutboundMessageInput = z.input<typeof OutboundMessageSchema>;

/** The session a message belongs to: `channel:chatId`. */
export function sessionKey(message: Pick<InboundMessage, 'channel' | 'chatId'>): string {
  return `${message.channel}:${message.chatId}`;
}
