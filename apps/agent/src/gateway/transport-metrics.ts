import type { BusTransport, BusTransportMetrics } from '@clawft/core';
import { Gauge, type Registry } from 'prom-client';

/**
 * Gauges of a bus whose turns run elsewhere (NATS JetStream), from one `transportMetrics()` snapshot taken by
 * `refresh()` before each scrape: depth, consumer lag and in-flight from the server's stream and consumer info; drops
 * by reason (counted by this gateway, the publisher), redeliveries (counted by consumers: 0 on a gateway) and
 * duplicate replies (dropped by this gateway). `clawft_bus_up` is 0 while the server cannot be reached; the other
 * gauges keep their last values then.
 *
 * @example
 * const transport = registerTransportMetrics(bus, [registry]);
 * await transport.refresh();
 * const text = await registry.metrics();
 */
export function registerTransportMetrics(
  bus: BusTransport,
  registers: Registry[],
): { refresh(): Promise<void> } {
  let latest: BusTransportMetrics | undefined;
  let up = false;
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
      collect() {
        if (latest !== undefined) set(this, latest);
      },
    });
  new Gauge({
    name: 'clawft_bus_up',
    help: 'Whether the bus server (NATS) answered the last scrape: 1, or 0 while it cannot be reached.',
    registers,
    collect() {
      this.set(up ? 1 : 0);
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
  return {
    refresh: async () => {
      try {
        latest = await bus.transportMetrics();
        up = true;
      } catch {
        up = false;
      }
    },
  };
}
