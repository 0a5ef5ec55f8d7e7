import type { BusTransport, BusTransportMetrics } from '@clawft/core';
import { Gauge, type Registry } from 'prom-client';

/** A scrape reads every gauge below: one `transportMetrics()` call serves them all within this window, ms. */
const SNAPSHOT_REUSE_MS = 500;

type Snapshot = { metrics: BusTransportMetrics } | { error: unknown };

/**
 * Gauges of a bus whose turns run elsewhere (NATS JetStream), read at scrape time from `transportMetrics()`: depth,
 * consumer lag and in-flight from the server's stream and consumer info; drops by reason (counted by this gateway,
 * the publisher), redeliveries (counted by consumers: 0 on a gateway) and duplicate replies (dropped by this
 * gateway). `clawft_bus_up` is 0 while the server cannot be reached; the other gauges keep their last values then.
 */
export function registerTransportMetrics(bus: BusTransport, registers: Registry[]): void {
  let last: { atMs: number; snapshot: Promise<Snapshot> } | undefined;
  const read = (): Promise<Snapshot> => {
    const now = performance.now();
    if (last === undefined || now - last.atMs > SNAPSHOT_REUSE_MS) {
      const snapshot = bus.transportMetrics().then(
        (metrics) => ({ metrics }),
        (error: unknown) => ({ error }),
      );
      last = { atMs: now, snapshot };
    }
    return last.snapshot;
  };
  const gauge = (
    name: string,
    help: string,
    set: (gauge: Gauge<string>, metrics: BusTransportMetrics) => void,
    labelNames: string[] = [],
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const snapshot = await read();
        if ('metrics' in snapshot) set(this, snapshot.metrics);
      },
    });
  new Gauge({
    name: 'clawft_bus_up',
    help: 'Whether the bus server (NATS) answered the last scrape: 1, or 0 while it cannot be reached.',
    registers,
    async collect() {
      this.set('metrics' in (await read()) ? 1 : 0);
    },
  });
  gauge(
    'clawft_bus_depth',
    'Inbound messages in the stream now (waiting or in flight).',
    (g, m) => g.set({ channel: 'inbound' }, m.inboundDepth),
    ['channel'],
  );
  gauge('clawft_bus_consumer_lag', 'Inbound messages not yet handed to any worker.', (g, m) =>
    g.set(m.consumerLag),
  );
  gauge('clawft_bus_in_flight', 'Inbound messages handed to a worker and not yet acknowledged.', (g, m) =>
    g.set(m.inFlight),
  );
  gauge(
    'clawft_bus_dropped',
    'Inbound messages this gateway lost to the overflow policy, by reason (a running total).',
    (g, m) => {
      for (const [reason, count] of Object.entries(m.dropped)) g.set({ channel: 'inbound', reason }, count);
    },
    ['channel', 'reason'],
  );
  gauge(
    'clawft_bus_redeliveries',
    'Deliveries after the first, counted by the consuming process (0 on a gateway; a running total).',
    (g, m) => g.set(m.redeliveries),
  );
  gauge(
    'clawft_bus_duplicate_replies',
    'Replies this gateway dropped because one for the same message came already (a running total).',
    (g, m) => g.set(m.duplicateReplies),
  );
}
