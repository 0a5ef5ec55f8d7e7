import type { Bus, NatsBus } from '@clawft/types';
import { createJetStreamBus } from '../bus-jetstream/create-jetstream-bus.js';
import type { BusTransport } from './bus-transport.js';
import { MessageBus } from './message-bus.js';

/** Options of `createBusTransport`. */
export interface CreateBusTransportOptions {
  /** The `bus` section of config.json; `transport` picks the implementation. */
  config?: (Partial<Omit<Bus, 'nats'>> & { nats?: Partial<NatsBus> | undefined }) | undefined;
  /** For `nats`: start consuming deliveries (a worker). The in-process bus always can. @default false */
  consume?: boolean | undefined;
  /** Aborts connecting (`nats`). */
  signal?: AbortSignal | undefined;
}

/**
 * The bus named by `config.transport`: the in-process `MessageBus` (`memory`, the default; run its
 * `dispatchOutbound` for replies to reach subscribers) or the JetStream bus (`nats`, whose client is loaded only
 * then). The loop and the gateway take the result as a `BusTransport` and need not know which.
 *
 * @throws {BusError} `bus-unavailable` for `nats` when the server cannot be reached.
 * @example
 * const bus = await createBusTransport({ config: config.bus, consume: true });
 */
export async function createBusTransport(options: CreateBusTransportOptions = {}): Promise<BusTransport> {
  const { config, consume, signal } = options;
  if (config?.transport !== 'nats') {
    const { nats: _unused, transport: _memory, ...memory } = config ?? {};
    return new MessageBus({ config: memory });
  }
  return createJetStreamBus({ config, consume, signal });
}
