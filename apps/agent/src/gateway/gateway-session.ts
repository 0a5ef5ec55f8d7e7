import { randomUUID } from 'node:crypto';

/** The channel of every gateway message; session keys are `gateway:<sender>/<session id>`. */
export const GATEWAY_CHANNEL = 'gateway';

/** Session ids a client may choose (header `x-clawft-session`, `chatId`): 1–128 of `A-Z a-z 0-9 . _ -`. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Where one request's turn runs. */
export interface GatewaySessionRef {
  /** `InboundMessage.chatId`: the sender (URI-encoded, so no sender can name another's) and the session id. */
  chatId: string;
  /** `gateway:<chatId>`, the session store key. */
  sessionKey: string;
  /** A one-off session, removed after its turn. */
  ephemeral: boolean;
}

/**
 * The session of `senderId` named `sessionId`, or a fresh one-off session when `sessionId` is undefined. The
 * sender is part of the key, so a sender can neither read nor write another sender's sessions.
 *
 * @example
 * gatewaySession('alice', 'work'); // { chatId: 'alice/work', sessionKey: 'gateway:alice/work', ephemeral: false }
 */
export function gatewaySession(senderId: string, sessionId: string | undefined): GatewaySessionRef {
  const id = sessionId ?? `oneoff-${randomUUID()}`;
  const chatId = `${senderPrefix(senderId)}${id}`;
  return { chatId, sessionKey: `${GATEWAY_CHANNEL}:${chatId}`, ephemeral: sessionId === undefined };
}

/** `<encoded sender>/`: what every session key of `senderId` starts with after `gateway:`. */
export function senderPrefix(senderId: string): string {
  return `${encodeURIComponent(senderId)}/`;
}
