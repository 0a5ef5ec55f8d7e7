import type { Session } from './session-history.js';
import type { ParsedSessionLog } from './session-log.js';
import { turnOf } from './session-turns.js';

/**
 * The `Session` a load returns, from a parsed log: a snapshot (its messages, issues and turns are copies, so later
 * appends do not change it). Every store builds its sessions with this.
 */
export function sessionView(
  where: { key: string; file: string; createdAt: string | undefined },
  log: ParsedSessionLog,
): Session {
  const turns = new Map([...log.turns].map(([id, mark]) => [id, { ...mark }]));
  return {
    ...where,
    messages: log.messages.slice(),
    issues: log.issues.slice(),
    turnOf: (messageId) => turnOf(turns, messageId),
  };
}
