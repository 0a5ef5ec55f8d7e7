import type { ServerResponse } from 'node:http';
import type { TurnResult } from '@clawft/core';
import type { InboundMessage, TurnEvent } from '@clawft/types';
import { linkSignals } from '@clawft/types/internal';
import { busRefusal } from './bus-refusal.js';
import type { GatewayContext } from './gateway-context.js';
import type { GatewaySessionRef } from './gateway-session.js';
import type { Refusal } from './turn-admission.js';

export interface GatewayTurn {
  message: InboundMessage;
  session: GatewaySessionRef;
  /** The response: when the client goes away before it ends, the turn (and its tools) is aborted. */
  response: ServerResponse;
  onEvent?: (event: TurnEvent) => void | Promise<void>;
}

/**
 * Runs one admitted turn on the gateway's turn runner (the agent loop, or the workers over the bus): counts its
 * events in the metrics, aborts it when the client disconnects before the response ended (the session records the
 * abort) or when a drain's deadline passes, and removes a one-off session after it. A turn the bus would not carry
 * (`bus-full`, `bus-unavailable`, closed) resolves with the refusal to answer instead.
 *
 * @example
 * const result = await runGatewayTurn(context, { message, session, response: reply.raw, onEvent });
 * if ('reason' in result) return sendRefusal(context, reply, result);
 */
export async function runGatewayTurn(
  context: GatewayContext,
  turn: GatewayTurn,
): Promise<TurnResult | Refusal> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!turn.response.writableEnded) clientGone.abort();
  };
  turn.response.once('close', onClose);
  const link = linkSignals(clientGone.signal, context.openTurns.signal);
  const open = context.openTurns.enter();
  const senderId = turn.message.senderId;
  try {
    return await context.turns.runTurn(turn.message, {
      signal: link.signal,
      onEvent: async (event) => {
        context.metrics.observe(event, senderId);
        if (!clientGone.signal.aborted) await turn.onEvent?.(event);
      },
    });
  } catch (error) {
    const refusal = busRefusal(error);
    if (refusal === undefined) throw error;
    return refusal;
  } finally {
    link.unlink();
    open.leave();
    turn.response.off('close', onClose);
    if (turn.session.ephemeral) await context.sessions.remove(turn.session.sessionKey).catch(() => false);
  }
}
