import type { JetStreamManager } from '@nats-io/jetstream';
import type { BusTransportMetrics } from '../bus/bus-transport.js';
import type { JetStreamSettings } from './jetstream-bus-options.js';

/** Counters only this process knows (drops are carried out by publishers, duplicates dropped by receivers). */
export interface LocalCounters {
  dropped: BusTransportMetrics['dropped'];
  redeliveries: number;
  duplicateReplies: number;
}

/** Depth from the stream's info, lag and in-flight from every partition consumer's info, plus local counters. */
export async function readJetStreamMetrics(
  jsm: JetStreamManager,
  settings: JetStreamSettings,
  local: LocalCounters,
): Promise<BusTransportMetrics> {
  const stream = await jsm.streams.info(settings.nats.stream);
  let consumerLag = 0;
  let inFlight = 0;
  for (let partition = 0; partition < settings.nats.partitions; partition += 1) {
    const info = await jsm.consumers.info(settings.nats.stream, settings.consumerName(partition));
    consumerLag += info.num_pending;
    inFlight += info.num_ack_pending;
  }
  return {
    transport: 'nats',
    inboundDepth: stream.state.messages,
    consumerLag,
    inFlight,
    dropped: { ...local.dropped },
    redeliveries: local.redeliveries,
    duplicateReplies: local.duplicateReplies,
  };
}
