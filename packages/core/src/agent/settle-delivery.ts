import type { InboundDelivery } from '../bus/bus-transport.js';
import type { DeliveryVerdict } from './delivery-turn.js';
import type { TurnProblem } from './turn-deps.js';

/**
 * Tells the bus what became of a delivery: `ack` (its reply is published and its session appended) or `nak`
 * (deliver it again). A failed ack is reported and the delivery handed back: it must not hold its partition, and
 * the redelivery is answered from the session with the stored reply. Never throws.
 */
export async function settleDelivery(
  delivery: InboundDelivery,
  verdict: DeliveryVerdict,
  onProblem: (problem: TurnProblem) => void,
): Promise<void> {
  const { messageId } = delivery;
  let delayMs = 0;
  if (verdict.settle === 'ack') {
    try {
      await delivery.ack();
      return;
    } catch (error) {
      onProblem({ type: 'settle-failed', messageId, action: 'ack', error });
    }
  } else delayMs = verdict.delayMs;
  try {
    await delivery.nak({ delayMs });
  } catch (error) {
    onProblem({ type: 'settle-failed', messageId, action: 'nak', error });
  }
}
