import type { JetStreamManager } from '@nats-io/jetstream';
import { ensureStream } from './ensure-stream.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';
import { hasApiCode } from './nats-error.js';

/** The API code of the "consumer already exists" answer. */
const CONSUMER_EXISTS_CODE = 10148;

const NANOS_PER_MS = 1_000_000;

/**
 * Creates (or updates) the inbound stream and one durable pull consumer per partition: file storage, work-queue
 * retention (an acknowledged message leaves, so the limits bound what is waiting), discard `new` (every overflow
 * policy is carried out by the publisher on the server's "full" answer), one message in flight per partition.
 */
export async function setUpStream(jsm: JetStreamManager, settings: JetStreamSettings): Promise<void> {
  const { bus, nats } = settings;
  const stream = {
    name: nats.stream,
    subjects: [`${nats.subjectPrefix}.in.*`],
    retention: 'workqueue' as const,
    storage: 'file' as const,
    discard: 'new' as const,
    max_msgs: bus.inboundCapacity,
    max_bytes: bus.maxBytes ?? -1,
    duplicate_window: 120_000 * NANOS_PER_MS,
  };
  await ensureStream(jsm, stream, { update: true, subjectsKey: 'bus.nats.subjectPrefix' });
  for (let partition = 0; partition < nats.partitions; partition += 1) {
    const consumer = {
      durable_name: settings.consumerName(partition),
      filter_subject: settings.subjects.inbound(partition),
      ack_policy: 'explicit' as const,
      ack_wait: nats.ackWaitMs * NANOS_PER_MS,
      // One more than maxDeliver: the last delivery is answered with an error reply and terminated by us.
      max_deliver: nats.maxDeliver + 1,
      max_ack_pending: 1,
    };
    try {
      await jsm.consumers.add(nats.stream, consumer);
    } catch (error) {
      if (!hasApiCode(error, CONSUMER_EXISTS_CODE)) throw error;
      await jsm.consumers.update(nats.stream, consumer.durable_name, consumer);
    }
  }
}
