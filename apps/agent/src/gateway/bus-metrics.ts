import { type BusTransport, MessageBus } from '@clawft/core';
import { Gauge, type Registry } from 'prom-client';

/**
 * Gauges read from `bus.metrics()` at scrape time: depth, high-water mark, drops by reason, waits. Only the
 * in-process bus has these channel counters; another transport registers none here.
 */
export function registerBusMetrics(bus: BusTransport, registers: Registry[]): void {
  if (!(bus instanceof MessageBus)) return;
  const channels = () => {
    const metrics = bus.metrics();
    return [metrics.inbound, metrics.outbound] as const;
  };
  new Gauge({
    name: 'clawft_bus_depth',
    help: 'Messages held in a bus channel now.',
    labelNames: ['channel'],
    registers,
    collect() {
      for (const channel of channels()) this.set({ channel: channel.name }, channel.depth);
    },
  });
  new Gauge({
    name: 'clawft_bus_high_water',
    help: 'The largest depth a bus channel has reached.',
    labelNames: ['channel'],
    registers,
    collect() {
      for (const channel of channels()) this.set({ channel: channel.name }, channel.highWaterMark);
    },
  });
  new Gauge({
    name: 'clawft_bus_dropped',
    help: 'Messages a bus channel did not keep, by reason (a running total).',
    labelNames: ['channel', 'reason'],
    registers,
    collect() {
      for (const channel of channels())
        for (const [reason, count] of Object.entries(channel.dropped))
          this.set({ channel: channel.name, reason }, count);
    },
  });
  new Gauge({
    name: 'clawft_bus_waiting_senders',
    help: 'Publishers waiting for room in a bus channel now.',
    labelNames: ['channel'],
    registers,
    collect() {
      for (const channel of channels()) this.set({ channel: channel.name }, channel.waitingSenders);
    },
  });
  new Gauge({
    name: 'clawft_bus_send_wait_seconds',
    help: 'Time publishers spent waiting for room in a bus channel (a running total).',
    labelNames: ['channel'],
    registers,
    collect() {
      for (const channel of channels()) this.set({ channel: channel.name }, channel.sendWait.totalMs / 1000);
    },
  });
}
