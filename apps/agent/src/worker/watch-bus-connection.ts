import { setTimeout as sleep } from 'node:timers/promises';
import type { BusTransport } from '@clawft/core';
import { BusError } from '@clawft/types';

/** How often a worker checks that its NATS server answers, ms. */
const CHECK_EVERY_MS = 1_000;

/**
 * Watches a worker's bus connection and says so on `report` once per outage: one line when the server stops
 * answering (the client keeps reconnecting on its own, deliveries resume after), one when it answers again. Polls
 * `transportMetrics()`, which fails at once with `bus-unavailable` while the connection is down. Stops when
 * `signal` aborts.
 *
 * @example
 * const watching = watchBusConnection(bus, (line) => io.stderr(line), controller.signal);
 * // … controller.abort(); await watching;
 */
export async function watchBusConnection(
  bus: BusTransport,
  report: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let down = false;
  while (!signal.aborted) {
    try {
      await sleep(CHECK_EVERY_MS, undefined, { signal });
    } catch {
      return;
    }
    const failure = await bus.transportMetrics({ signal }).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (signal.aborted) return;
    const unavailable = BusError.is(failure) && failure.kind === 'bus-unavailable';
    if (unavailable && !down) report(`clawft worker: lost the NATS server (${failure.message})\n`);
    if (!unavailable && down) report('clawft worker: the NATS server answers again; consuming\n');
    down = unavailable;
  }
}
