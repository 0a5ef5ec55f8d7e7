import { type ChatMessage, type ChatRequestInput, type InboundMessage, sessionKey } from '@clawft/types';
import type { PipelineCallOptions } from './pipeline-options.js';

/**
 * The pipeline request for an inbound message: its text as the newest user turn after `history`, its sender as
 * `senderId` (so cost and budgets follow the person), its session key for stickiness, and the time it waited since
 * it arrived (`timestamp`, wall clock) as `queueMs`.
 *
 * @example
 * const { request, options } = inboundRequest(message, { model: config.agents.defaults.model });
 * await pipeline.complete(request, { ...options, signal });
 */
export function inboundRequest(
  message: InboundMessage,
  options: { model: string; history?: readonly ChatMessage[]; nowMs?: number },
): { request: ChatRequestInput; options: PipelineCallOptions } {
  const nowMs = options.nowMs ?? Date.now();
  return {
    request: {
      model: options.model,
      messages: [...(options.history ?? []), { role: 'user', content: message.content }],
      senderId: message.senderId,
      metadata: { channel: message.channel, chatId: message.chatId },
    },
    options: { sessionKey: sessionKey(message), queueMs: Math.max(0, nowMs - message.timestamp) },
  };
}
