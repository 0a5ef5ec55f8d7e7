import type { RoutingDecision } from '@clawft/types';

/** Who a request is for and which conversation it belongs to. */
export interface RouteContext {
  senderId?: string;
  /** Conversation key (`channel:chatId`); requests with the same key stick to one model. */
  sessionKey?: string;
}

/** The provider slot of a `provider/model` id (`openai/gpt-4o` → `openai`); `''` for a bare model id. */
export function providerOf(model: string): string {
  const slash = model.indexOf('/');
  return slash < 0 ? '' : model.slice(0, slash);
}

/** A decision for `model` on behalf of `context`'s sender. */
export function decide(model: string, reason: string, context: RouteContext, tier?: string): RoutingDecision {
  return {
    provider: providerOf(model),
    model,
    reason,
    escalated: false,
    downgraded: false,
    ...(tier === undefined ? {} : { tier }),
    ...(context.senderId === undefined ? {} : { senderId: context.senderId }),
  };
}
