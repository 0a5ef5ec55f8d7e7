import type { ChatMessage } from '@clawft/types';
import type { Session } from '../sessions/session-history.js';

/** Where a turn left partly done resumes: the history before its user message, and its finished tool rounds. */
export interface ResumePoint {
  history: readonly ChatMessage[];
  rounds: ChatMessage[];
  /** Model calls already made (one per finished round); they count towards `maxToolIterations`. */
  iterations: number;
}

/**
 * The resume point of message `messageId` when `session` holds its turn partly (its user message, maybe tool
 * rounds, no reply), else undefined. Each round is whole in the session (an assistant tool call is appended with
 * its results), so the rounds are a valid continuation: no tool call without its result.
 */
export function resumePoint(session: Session, messageId: string | undefined): ResumePoint | undefined {
  if (messageId === undefined) return undefined;
  const turn = session.turnOf(messageId);
  if (turn.state !== 'partial') return undefined;
  const rounds = session.messages.slice(turn.userIndex + 1, turn.endIndex);
  return {
    history: session.messages.slice(0, turn.userIndex),
    rounds,
    iterations: rounds.filter((message) => message.role === 'assistant').length,
  };
}
