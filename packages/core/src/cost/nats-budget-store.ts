import { BusError, type NatsBus } from '@clawft/types';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';
import { connectNats } from '../bus-jetstream/connect-nats.js';
import { ensureBucket, ensureStream } from '../bus-jetstream/ensure-stream.js';
import {
  type BudgetStore,
  HoldRecordSchema,
  type TotalsSnapshot,
  TotalsSnapshotSchema,
} from './budget-store.js';
import { CostFileError } from './cost-file-error.js';
import { purgeExpiredEntries } from './nats-ledger-expiry.js';
import { NatsLedgerReader } from './nats-ledger-reader.js';
import { isRevisionConflict, retryNats } from './nats-retry.js';

const HoldsValueSchema = z.object({ version: z.literal(2), holds: z.array(HoldRecordSchema) });
const NANOS_PER_MS = 1_000_000;
const HOLDS_KEY = 'holds';
const TOTALS_KEY = 'totals';

export interface NatsBudgetStoreOptions {
  /** `bus.nats`: servers and credentials; the bucket and stream are named after `stream`, the subject after `subjectPrefix`. */
  nats: NatsBus;
  /** How long an operation keeps retrying while the server is unreachable (a restart), ms. @default 30000 */
  retryForMs?: number;
  signal?: AbortSignal;
}

/**
 * Opens the JetStream store shared by every worker on the NATS servers: holds and compacted totals in the KV bucket
 * `<stream>_COSTS` (each change a compare-and-set on the key's revision, retried on conflict), the ledger in the
 * stream `<stream>_COST_LEDGER` (subject `<subjectPrefix>.costs.<stream>`, file storage; each entry published with its attempt id as `Nats-Msg-Id`, so a
 * publish retried across a server restart is stored once). Each snapshot of the totals purges the entries it covers
 * of days it no longer keeps (`retentionDays`), so the stream stays bounded. `@nats-io/jetstream` and
 * `@nats-io/kv` are loaded here.
 *
 * @throws {BusError} `bus-unavailable` when the server cannot be reached or the client packages are missing.
 */
export async function openNatsBudgetStore(options: NatsBudgetStoreOptions): Promise<BudgetStore> {
  const [jetstreamModule, kvModule] = await loadModules();
  const { connection } = await connectNats(options.nats, options.signal);
  const retryForMs = options.retryForMs ?? 30_000;
  const bucket = `${options.nats.stream}_COSTS`;
  const stream = `${options.nats.stream}_COST_LEDGER`;
  const subject = `${options.nats.subjectPrefix}.costs.${options.nats.stream}`;
  try {
    const jsm = await jetstreamModule.jetstreamManager(connection);
    await addLedgerStream(jsm, stream, subject);
    const js = jetstreamModule.jetstream(connection);
    const kv = await ensureBucket(new kvModule.Kvm(js), bucket, { history: 1, storage: 'file' });
    const reader = new NatsLedgerReader(js, jsm, stream);
    const retry = <T>(operation: () => Promise<T>, signal?: AbortSignal) =>
      retryNats(operation, retryForMs, signal);
    return {
      kind: 'nats',
      location: `nats KV ${bucket}, stream ${stream}`,
      updateHolds: (change, signal) =>
        retry(async () => {
          const current = await kv.get(HOLDS_KEY);
          const value = readValue(current, HoldsValueSchema, bucket, HOLDS_KEY);
          const decided = await change(value?.holds ?? []);
          if (decided.holds !== undefined) {
            const text = JSON.stringify({ version: 2, holds: decided.holds });
            await writeValue(kv, HOLDS_KEY, text, current?.revision);
          }
          return decided.result;
        }, signal),
      append: async (entry, signal) => {
        await retry(() => js.publish(subject, JSON.stringify(entry), { msgID: entry.attemptId }), signal);
      },
      readEntries: (cursor, signal) => retry(() => reader.read(cursor, signal), signal),
      loadSnapshot: (signal) =>
        retry(
          async () => readValue(await kv.get(TOTALS_KEY), TotalsSnapshotSchema, bucket, TOTALS_KEY),
          signal,
        ),
      saveSnapshot: async (snapshot, signal) => {
        const saved = await retry(() => saveTotals(kv, snapshot, bucket), signal);
        if (saved.retainedFromDay === undefined) return;
        const bounds = { coveredCursor: saved.cursor, retainedFromDay: saved.retainedFromDay };
        await retry(() => purgeExpiredEntries(jsm, stream, bounds), signal);
      },
      close: async () => {
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

type Entry = Awaited<ReturnType<KV['get']>>;

function readValue<T extends z.ZodType>(
  entry: Entry,
  schema: T,
  bucket: string,
  key: string,
): z.infer<T> | undefined {
  if (entry === null || entry.operation !== 'PUT') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(entry.string());
  } catch (error) {
    json = error;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const file = `nats KV ${bucket}/${key}`;
  const message = `The cost store value ${file} does not parse: delete the key (nats kv del ${bucket} ${key}) to start from zero, which lifts the budgets until spend is booked again.`;
  throw new CostFileError({ kind: 'cost-file-corrupt', message, file, cause: parsed.error });
}

/** Writes `key` if its revision is still `revision` (absent: if it does not exist); a conflict throws for a retry. */
async function writeValue(kv: KV, key: string, text: string, revision: number | undefined): Promise<void> {
  if (revision === undefined) await kv.create(key, text);
  else await kv.update(key, text, revision);
}

/** Saves `snapshot` unless a snapshot of a later cursor is there; returns the one saved (ours, or that one). */
async function saveTotals(kv: KV, snapshot: TotalsSnapshot, bucket: string): Promise<TotalsSnapshot> {
  const current = await kv.get(TOTALS_KEY);
  const saved = readValue(current, TotalsSnapshotSchema, bucket, TOTALS_KEY);
  if (saved !== undefined && saved.cursor >= snapshot.cursor) return saved;
  try {
    await writeValue(kv, TOTALS_KEY, JSON.stringify(snapshot), current?.revision);
    return snapshot;
  } catch (error) {
    // Another worker saved meanwhile: its snapshot is as good as ours (and nothing is purged on its behalf here).
    if (!isRevisionConflict(error)) throw error;
    return { ...snapshot, cursor: 0 };
  }
}

async function addLedgerStream(
  jsm: Awaited<ReturnType<typeof import('@nats-io/jetstream').jetstreamManager>>,
  name: string,
  subject: string,
): Promise<void> {
  const stream = {
    name,
    subjects: [subject],
    storage: 'file' as const,
    retention: 'limits' as const,
    duplicate_window: 120_000 * NANOS_PER_MS,
  };
  await ensureStream(jsm, stream, { update: false, subjectsKey: 'bus.nats.subjectPrefix' });
}

async function loadModules(): Promise<[typeof import('@nats-io/jetstream'), typeof import('@nats-io/kv')]> {
  try {
    return await Promise.all([import('@nats-io/jetstream'), import('@nats-io/kv')]);
  } catch (error) {
    throw new BusError({
      kind: 'bus-unavailable',
      message:
        'bus.store "nats" needs the NATS client: install @nats-io/transport-node@3.3.1, @nats-io/jetstream@3.3.1 and @nats-io/kv@3.3.1 beside @clawft/core.',
      cause: error,
    });
  }
}
