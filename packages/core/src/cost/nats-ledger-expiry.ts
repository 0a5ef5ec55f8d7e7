import type { JetStreamManager } from '@nats-io/jetstream';
import { LedgerEntrySchema } from './cost-ledger.js';

const DAY_MS = 86_400_000;

/** What `purgeExpiredEntries` may purge: only entries the saved totals cover, of days they no longer keep. */
export interface NatsExpiryBounds {
  /** The saved totals' cursor (a stream sequence): nothing after it is purged. */
  coveredCursor: number;
  /** The oldest budget day the saved totals keep (`YYYY-MM-DD`). */
  retainedFromDay: string;
}

/**
 * Purges the ledger stream's oldest entries, up to the first (by sequence, at most `coveredCursor`) of a day no
 * older than the day before `retainedFromDay`: found by a binary search of single-message gets, O(log n). The
 * stream is in booking order up to clock skew between workers (seconds), so keeping one extra day keeps every
 * entry of a retained day. Returns how many messages were purged.
 */
export async function purgeExpiredEntries(
  jsm: JetStreamManager,
  stream: string,
  bounds: NatsExpiryBounds,
): Promise<number> {
  const { state } = await jsm.streams.info(stream);
  const upper = Math.min(state.last_seq, bounds.coveredCursor);
  if (state.messages === 0 || upper < state.first_seq) return 0;
  const keepFrom = dayBefore(bounds.retainedFromDay);
  let low = state.first_seq;
  let high = upper + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await dayAt(jsm, stream, middle)) >= keepFrom) high = middle;
    else low = middle + 1;
  }
  if (low <= state.first_seq) return 0;
  return (await jsm.streams.purge(stream, { seq: low })).purged;
}

/** The budget day of the entry at `seq` ('' when it is gone or does not parse: old). */
async function dayAt(jsm: JetStreamManager, stream: string, seq: number): Promise<string> {
  const message = await jsm.streams.getMessage(stream, { seq });
  if (message === null) return '';
  try {
    const parsed = LedgerEntrySchema.safeParse(message.json());
    return parsed.success ? parsed.data.day : '';
  } catch {
    return '';
  }
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}
