import { type Bus, BusSchema, type NatsBus } from '@clawft/types';
import { sessionKeyToken } from '../sessions/session-file-name.js';

/** Options of `createJetStreamSessionStore`. */
export interface JetStreamSessionStoreOptions {
  /** The `bus` section of config.json (its `nats` settings), validated and defaulted with `BusSchema`. */
  config?: Partial<Omit<Bus, 'nats'>> & { nats?: Partial<NatsBus> | undefined };
  /** Sessions kept in memory (least recently used evicted); each is revalidated before use. @default 64 */
  maxCachedSessions?: number | undefined;
  /** How long one server request (publish, get) may take before it counts as a failed attempt, in ms. @default 2000 */
  requestTimeoutMs?: number | undefined;
  /**
   * How long the stream info of `list` (every session's subject, paged by the server at 100,000) may take before it
   * counts as a failed attempt, in ms; capped at `retryTimeoutMs`. @default 60000
   */
  listTimeoutMs?: number | undefined;
  /**
   * How long a load or an append keeps retrying while the server cannot be reached (a restart, a network cut)
   * before it fails with `session-unavailable`, in milliseconds. @default 15000
   */
  retryTimeoutMs?: number | undefined;
  /** @default () => new Date() */
  now?: (() => Date) | undefined;
  /** Aborts connecting. */
  signal?: AbortSignal | undefined;
}

/** Validated settings the parts of the store read. */
export interface JetStreamSessionSettings {
  nats: NatsBus;
  stream: string;
  /** Every session subject: `<prefix>.session.*`. */
  subjects: string;
  /** What every session subject starts with: `<prefix>.session.` (then the key's token). */
  subjectBase: string;
  subjectOf: (key: string) => string;
  maxCachedSessions: number;
  requestTimeoutMs: number;
  listTimeoutMs: number;
  retryTimeoutMs: number;
  now: () => Date;
}

/**
 * Parses the options; throws a TypeError naming the bad key. A session's subject is `<prefix>.session.<token>`,
 * the token being `sessionKeyToken(key)` (the file store's name for the key, which has no `.`, `*`, `>` or space and
 * is unique per key), so two keys never share a subject.
 */
export function resolveJetStreamSessionSettings(
  options: JetStreamSessionStoreOptions,
): JetStreamSessionSettings {
  const parsed = BusSchema.safeParse(options.config ?? {});
  if (!parsed.success) throw new TypeError(`Invalid bus config: ${parsed.error.message}`);
  const { nats } = parsed.data;
  const prefix = `${nats.subjectPrefix}.session`;
  return {
    nats,
    stream: nats.sessionStream,
    subjects: `${prefix}.*`,
    subjectBase: `${prefix}.`,
    subjectOf: (key) => `${prefix}.${sessionKeyToken(key)}`,
    maxCachedSessions: positive(options.maxCachedSessions, 64, 'maxCachedSessions'),
    requestTimeoutMs: positive(options.requestTimeoutMs, 2000, 'requestTimeoutMs'),
    listTimeoutMs: positive(options.listTimeoutMs, 60_000, 'listTimeoutMs'),
    retryTimeoutMs: positive(options.retryTimeoutMs, 15_000, 'retryTimeoutMs'),
    now: options.now ?? (() => new Date()),
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
