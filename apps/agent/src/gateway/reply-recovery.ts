import { setTimeout as sleep } from 'node:timers/promises';
import type { TurnResult } from '@clawft/core';
import { type InboundMessage, sessionKey, TurnOutcomeSchema } from '@clawft/types';
import { linkSignals } from '@clawft/types/internal';
import type { GatewaySessions, TurnRunner } from './turn-runner.js';

/** When a turn still waiting for its reply first looks in its session, and how often after that, ms. */
export interface ReplyRecoveryOptions {
  /** @default 5000 */
  firstCheckMs?: number;
  /** @default 2000 */
  checkEveryMs?: number;
}

/**
 * A turn runner on a bus (`BusTurnClient`) whose replies can be lost: they travel over core NATS, and one published
 * while the server went down never reaches the waiting gateway although its message was acknowledged (and so is
 * never delivered again). A turn that waits longer than `firstCheckMs` looks in its session every `checkEveryMs`:
 * once the session says the turn is done (the worker records the reply as published), the call resolves with that
 * reply and a `turn-finish`, and the wait on the bus is dropped. Needs the workers' sessions (one machine's
 * workspace, or a shared store).
 *
 * @example
 * const turns = withReplyRecovery(new BusTurnClient(bus), new SessionStore({ workspace }));
 */
export function withReplyRecovery(
  runner: TurnRunner,
  sessions: GatewaySessions,
  options: ReplyRecoveryOptions = {},
): TurnRunner {
  const firstCheckMs = options.firstCheckMs ?? 5_000;
  const checkEveryMs = options.checkEveryMs ?? 2_000;
  return {
    async runTurn(message, turnOptions) {
      const messageId = message.metadata.messageId;
      if (typeof messageId !== 'string') return runner.runTurn(message, turnOptions);
      const settled = new AbortController();
      const link = linkSignals(turnOptions.signal, settled.signal);
      let recovered = false;
      const onEvent = turnOptions.onEvent;
      const remote = runner.runTurn(message, {
        signal: link.signal,
        ...(onEvent === undefined ? {} : { onEvent: (event) => (recovered ? undefined : onEvent(event)) }),
      });
      // Dropped once recovered: its cancel reaches no worker (the turn is over) and its rejection is not ours.
      remote.catch(() => undefined);
      const look = { sessions, message, messageId, firstCheckMs, checkEveryMs, signal: link.signal };
      const fromSession = doneInSession(look).then((result) => {
        if (result === undefined) return remote;
        recovered = true;
        return result;
      });
      try {
        const result = await Promise.race([remote, fromSession]);
        if (recovered) await onEvent?.(finishEvent(message, messageId, result));
        return result;
      } finally {
        settled.abort();
        link.unlink();
      }
    },
  };
}

interface Look {
  sessions: GatewaySessions;
  message: InboundMessage;
  messageId: string;
  firstCheckMs: number;
  checkEveryMs: number;
  signal: AbortSignal;
}

/** The turn's result once its session records it done; undefined when `signal` aborts first. */
async function doneInSession(look: Look): Promise<TurnResult | undefined> {
  const key = sessionKey(look.message);
  try {
    await sleep(look.firstCheckMs, undefined, { signal: look.signal });
    for (;;) {
      const session = await look.sessions.load(key, { signal: look.signal }).catch(() => undefined);
      if (look.signal.aborted) return undefined;
      const turn = session?.turnOf(look.messageId);
      if (turn?.state === 'done') {
        const outcome = TurnOutcomeSchema.safeParse(turn.reply.metadata.outcome);
        if (outcome.success) return { reply: turn.reply, outcome: outcome.data };
      }
      await sleep(look.checkEveryMs, undefined, { signal: look.signal });
    }
  } catch {
    return undefined;
  }
}

function finishEvent(message: InboundMessage, messageId: string, result: TurnResult) {
  const turnId = result.reply.metadata.turnId;
  return {
    type: 'turn-finish' as const,
    turnId: typeof turnId === 'string' ? turnId : messageId,
    sessionKey: sessionKey(message),
    messageId,
    outcome: result.outcome,
  };
}
