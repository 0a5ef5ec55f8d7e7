import { TurnOutcomeSchema } from '@clawft/types';
import { z } from 'zod';
import { SESSION_ID_PATTERN } from './gateway-session.js';

/** `POST /v1/agent/messages` body. */
export const AgentMessageRequestSchema = z.object({
  /** The caller's session (server-side history); `A-Z a-z 0-9 . _ -`, 1–128 characters. */
  chatId: z.string().regex(SESSION_ID_PATTERN, { message: 'use 1-128 of A-Z a-z 0-9 . _ -' }),
  content: z.string().min(1),
  /** Carried on the inbound message (`metadata`), for the agent's tools and logs. */
  metadata: z.record(z.string(), z.unknown()).default({}),
  /** `true`: the turn's events as SSE; `false`: one JSON reply. @default false */
  stream: z.boolean().default(false),
});
export type AgentMessageRequest = z.infer<typeof AgentMessageRequestSchema>;

/** The non-streaming answer of `POST /v1/agent/messages`. */
export const AgentMessageReplySchema = z.object({
  turnId: z.string(),
  sessionKey: z.string(),
  content: z.string(),
  outcome: TurnOutcomeSchema,
});
export type AgentMessageReply = z.infer<typeof AgentMessageReplySchema>;
