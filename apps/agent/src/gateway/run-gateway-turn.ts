import type { ServerResponse } from 'node:http';
import type { TurnResult } from '@clawft/core';
import type { InboundMessage, TurnEvent } from '@clawft/types';
import type { GatewayContext } from './gateway-context.js';
import type { GatewaySessionRef } from './gateway-session.js';

export interface GatewayTurn {
  message: InboundMessage;
  session: GatewaySessionRef;
  /** The response: when the client goes away before it ends, the turn (and its tools) is aborted. */
  response: ServerResponse;
  onEvent?: (event: TurnEvent) => void | Promise<void>;
}

/**
 * Runs one admitted turn through the agent loop: counts its events in the metrics, aborts it when the client
 * disconnects before the response ended (the session records the abort), and removes a one-off session after it.
 *
 * @example
 * const result = await runGatewayTurn(context, { message, session, response: reply.raw, onEvent });
 */
export async function runGatewayTurn(context: GatewayContext, turn: GatewayTurn): Promise<TurnResult> {
  const controller = new AbortController();
  const onClose = () => {
    if (!turn.response.writableEnded) controller.abort();
  };
  turn.response.once('close', onClose);
  const senderId = turn.message.senderId;
  try {
    return await context.loop.runTurn(turn.message, {
      signal: controller.signal,
      onEvent: async (event) => {
        context.metrics.observe(event, senderId);
        if (!controller.signal.aborted) await turn.onEvent?.(event);
      },
    });
  } finally {
    turn.response.off('close', onClose);
    if (turn.session.ephemeral)
      await context.loop.sessions.remove(turn.session.sessionKey).catch(() => false);
  }
}
