import { BusError, sessionKey } from '@clawft/types';
import type { InboundDelivery } from '../bus/bus-transport.js';
import { TurnRun } from './run-turn.js';
import type { TurnDeps, TurnSetup } from './turn-deps.js';

/** How long a delivery handed back waits before it is delivered again, unless the bus said (`retryAfterMs`). */
const NAK_DELAY_MS = 1000;

/** What to tell the bus about a delivery once its turn is over. */
export type DeliveryVerdict =
  | { settle: 'ack' }
  | { settle: 'nak'; delayMs: number; reason: 'unpublished' | 'unpersisted' | 'handed-over' };

/**
 * The turn of one delivery, at-least-once and seen once: a message whose turn is done in the session (an earlier
 * delivery answered it, but its ack was lost or its worker died after the reply) is answered again with the stored
 * reply and no model call; one whose turn is partly there resumes; any other runs a new turn. Acknowledged only
 * once its reply is published and every append reached the session.
 */
export async function deliveryTurn(
  deps: TurnDeps,
  delivery: InboundDelivery,
  setup: TurnSetup,
): Promise<DeliveryVerdict> {
  if (setup.handOver?.aborted === true) return { settle: 'nak', delayMs: 0, reason: 'handed-over' };
  const key = sessionKey(delivery.message);
  // A failed load is left to the turn, which loads again and answers with the error.
  // Read without the turn's signal: a cancelled turn must still see whether it is done or partial.
  const session = await deps.sessions.load(key).catch(() => undefined);
  const turn = session?.turnOf(delivery.messageId);
  if (turn?.state === 'done') {
    try {
      await delivery.reply(turn.reply);
      return { settle: 'ack' };
    } catch (error) {
      deps.onProblem({ type: 'reply-undelivered', reply: turn.reply, error });
      return { settle: 'nak', delayMs: nakDelayMs(error), reason: 'unpublished' };
    }
  }
  const result = await new TurnRun(deps, { ...setup, resumeFrom: session }).run();
  if (result.handedOver) return { settle: 'nak', delayMs: 0, reason: 'handed-over' };
  if (!result.outcome.published)
    return { settle: 'nak', delayMs: nakDelayMs(result.publishError), reason: 'unpublished' };
  if (!result.persisted) return { settle: 'nak', delayMs: NAK_DELAY_MS, reason: 'unpersisted' };
  return { settle: 'ack' };
}

function nakDelayMs(error: unknown): number {
  return BusError.is(error) ? (error.retryAfterMs ?? NAK_DELAY_MS) : NAK_DELAY_MS;
}
