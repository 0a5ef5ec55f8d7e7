import type { OutboundMessage } from '@clawft/types';
import type { RunTurnOptions } from './agent-loop-options.js';
import type { TurnProblem } from './turn-deps.js';
import type { TurnEventHandler } from './turn-watchers.js';

/** How `#schedule` runs one turn: `runTurn`'s options with the publish function resolved. */
export interface ScheduleOptions extends Omit<RunTurnOptions, 'publish'> {
  /** The delivery's event forwarder, after `onEvent`. */
  emit?: TurnEventHandler;
  publish: ((reply: OutboundMessage) => Promise<void>) | undefined;
  handOver?: AbortSignal;
}

/** The default `onProblem`: one line on stderr. */
export function reportProblem(problem: TurnProblem): void {
  const error = problem.error instanceof Error ? problem.error.message : String(problem.error);
  const line =
    problem.type === 'reply-undelivered'
      ? `clawft: reply to ${problem.reply.channel}:${problem.reply.chatId} not delivered (${error}); it is kept in the session`
      : problem.type === 'append-failed'
        ? `clawft: append to session ${problem.sessionKey} failed (${error})`
        : `clawft: ${problem.action} of message ${problem.messageId} failed (${error}); the bus will deliver it again`;
  process.stderr.write(`${line}\n`);
}
