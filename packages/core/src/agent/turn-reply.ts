import type {
  ChatMessage,
  ChatRequest,
  InboundMessage,
  OutboundMessage,
  StreamPart,
  TurnEvent,
  TurnOutcome,
} from '@clawft/types';
import type { ToolEvent } from '../tools/tool-batch.js';
import type { TurnDeps } from './turn-deps.js';

/** What every event of a turn carries. */
export interface TurnOrigin {
  turnId: string;
  sessionKey: string;
  messageId?: string;
}

/** The reply to `message`: to its channel and chat, `replyTo` its message id, the outcome in `metadata.outcome`. */
export function replyTo(
  message: InboundMessage,
  origin: TurnOrigin,
  content: string,
  outcome: TurnOutcome,
): OutboundMessage {
  return {
    channel: message.channel,
    chatId: message.chatId,
    content,
    ...(origin.messageId === undefined ? {} : { replyTo: origin.messageId }),
    media: [],
    metadata: { turnId: origin.turnId, senderId: message.senderId, outcome },
  };
}

/** Whether a stream part is model output (for time to first token). */
export function isOutput(part: StreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-call';
}

/** A tool runner's event as a turn event. */
export function toolEvent(event: ToolEvent, iteration: number, origin: TurnOrigin): TurnEvent {
  if (event.type === 'tool-start') return { ...event, ...origin, iteration };
  return { ...event, ...origin, iteration };
}

/** The pipeline request of one model call of a turn. */
export function chatRequest(
  deps: TurnDeps,
  message: InboundMessage,
  messages: ChatMessage[],
  turnId: string,
): ChatRequest {
  return {
    model: deps.defaults.model,
    messages,
    tools: deps.tools?.definitions() ?? [],
    maxTokens: deps.defaults.maxTokens,
    temperature: deps.defaults.temperature,
    senderId: message.senderId,
    metadata: { channel: message.channel, chatId: message.chatId, turnId },
  };
}
