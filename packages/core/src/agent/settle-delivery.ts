import { BusError } from '@clawft/types';
import type { InboundDelivery } from '../bus/bus-transport.js';
import type { TurnProblem, TurnRunResult } from './turn-deps.js';

/** How long a delivery handed back waits before it is delivered again, unless the bus said (`retryAfterMs`). */
const NAK_DELAY_MS = 1000;

/**
 * Settles a delivery after its turn: acknowledged only when the reply was published and every append reached the
 * session; otherwise handed back (`nak`), so that a networked bus delivers it again (never ack a turn whose reply
 * is lost). A failed ack is reported and the delivery handed back too: it must not hold its partition, and the
 * redelivery is answered from the session. Never throws.
 */
export async function settleDelivery(
  delivery: InboundDelivery,
  result: TurnRunResult,
  onProblem: (problem: TurnProblem) => void,
): Promise<void> {
  const { messageId } = delivery;
  if (result.outcome.published && result.persisted) {
    try {
      await delivery.ack();
      return;
    } catch (error) {
      onProblem({ type: 'settle-failed', messageId, action: 'ack', error });
    }
  }
  const error = result.publishError;
  const delayMs = BusError.is(error) ? (error.retryAfterMs ?? NAK_DELAY_MS) : NAK_DELAY_MS;
  try {
    await delivery.nak({ delayMs });
  } catch (nakError) {
    onProblem({ type: 'settle-failed', messageId, action: 'nak', error: nakError });
  }
}
