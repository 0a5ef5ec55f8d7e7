import type { OutboundMessage } from '@clawft/types';

/**
 * Where the turn of one inbound message stands in a session. `none`: no record carries its id. `partial`: its
 * user message (at `userIndex` of the session's messages) and maybe some tool rounds (up to `endIndex`) are in, its
 * reply is not (its worker died or handed it over). `done`: its final record is in, with the reply as published.
 */
export type SessionTurn =
  | { state: 'none' }
  | { state: 'partial'; userIndex: number; endIndex: number }
  | { state: 'done'; reply: OutboundMessage };

/** The records of one message id, as loaded: where its messages start and end, its reply once done. */
export interface TurnMark {
  userIndex: number;
  endIndex: number;
  reply: OutboundMessage | undefined;
}

/**
 * Books one record of `messageId` covering messages `[start, end)`. A record after the turn was done starts a new
 * turn of that id (the message was run again on purpose); otherwise it extends the turn.
 */
export function markTurn(
  turns: Map<string, TurnMark>,
  messageId: string,
  range: { start: number; end: number },
  reply: OutboundMessage | undefined,
): void {
  const current = turns.get(messageId);
  if (current === undefined || current.reply !== undefined) {
    turns.set(messageId, { userIndex: range.start, endIndex: range.end, reply });
    return;
  }
  current.endIndex = range.end;
  current.reply = reply;
}

/** What `marks` say about `messageId`. */
export function turnOf(marks: ReadonlyMap<string, TurnMark>, messageId: string): SessionTurn {
  const mark = marks.get(messageId);
  if (mark === undefined) return { state: 'none' };
  if (mark.reply !== undefined) return { state: 'done', reply: mark.reply };
  return { state: 'partial', userIndex: mark.userIndex, endIndex: mark.endIndex };
}
