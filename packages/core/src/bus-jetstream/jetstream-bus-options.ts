import { type Bus, BusSchema, type NatsBus } from '@clawft/types';

/** Options of `createJetStreamBus`. */
export interface JetStreamBusOptions {
  /** The `bus` section of config.json (its `nats` settings and limits), validated and defaulted with `BusSchema`. */
  config?: Partial<Omit<Bus, 'nats'>> & { nats?: Partial<NatsBus> | undefined };
  /** Start the partition consumers (a worker). A gateway that only publishes leaves it off. @default false */
  consume?: boolean | undefined;
  /** How long a publish waits for the server's ack before `bus-unavailable`, in milliseconds. @default 2000 */
  publishTimeoutMs?: number | undefined;
  /** Inbound message ids whose replies are remembered, to drop duplicate replies. @default 10000 */
  replyDedupeSize?: number | undefined;
  /** Aborts connecting. */
  signal?: AbortSignal | undefined;
}

/** Validated settings every part of the JetStream bus reads. */
export interface JetStreamSettings {
  bus: Bus;
  nats: NatsBus;
  publishTimeoutMs: number;
  replyDedupeSize: number;
  subjects: {
    inbound: (partition: number) => string;
    reply: (process: string) => string;
    channel: (name: string) => string;
    /** Where publishers ask consumers to abort a message's turn (every consuming process listens). */
    cancel: string;
  };
  consumerName: (partition: number) => string;
}

/** Parses the options; throws a TypeError naming the bad key. */
export function resolveJetStreamSettings(options: JetStreamBusOptions): JetStreamSettings {
  const parsed = BusSchema.safeParse(options.config ?? {});
  if (!parsed.success) throw new TypeError(`Invalid bus config: ${parsed.error.message}`);
  const bus = parsed.data;
  const { nats } = bus;
  const prefix = nats.subjectPrefix;
  return {
    bus,
    nats,
    publishTimeoutMs: options.publishTimeoutMs ?? 2000,
    replyDedupeSize: options.replyDedupeSize ?? 10_000,
    subjects: {
      inbound: (partition) => `${prefix}.in.${partition}`,
      reply: (process) => `${prefix}.reply.${process}`,
      channel: (name) => `${prefix}.out.${encodeToken(name)}`,
      cancel: `${prefix}.cancel`,
    },
    consumerName: (partition) => `${nats.stream}_p${partition}`,
  };
}

/** A channel name as one subject token: characters NATS gives meaning to (`.`, `*`, `>`, space) are escaped. */
function encodeToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
