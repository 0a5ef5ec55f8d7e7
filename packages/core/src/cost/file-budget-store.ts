import { appendFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type BudgetStore, HoldRecordSchema, TotalsSnapshotSchema } from './budget-store.js';
import { sweepStaleTempFiles } from './cost-file-sweep.js';
import { sweepStaleLock, withFileLock } from './file-lock.js';
import { appendLedgerLine } from './ledger-file.js';
import { deleteExpiredSegments, rotateLedger } from './ledger-rotation.js';
import {
  activeSegment,
  type LedgerSegment,
  listLedgerSegments,
  readLedger,
  sizeOf,
} from './ledger-segments.js';
import { loadCostState } from './legacy-cost-file.js';
import { migrateLegacyEntries } from './migrate-legacy-entries.js';
import { readStateFile } from './read-state-file.js';
import { writeStateFile } from './write-state-file.js';

const HoldsFileSchema = z.object({ version: z.literal(2), holds: z.array(HoldRecordSchema) });

export interface FileBudgetStoreOptions {
  /**
   * The directory of the store: the ledger segments (`ledger.jsonl`, then `ledger.<position>.jsonl`), `holds.json`,
   * `totals.json` and the `lock` file.
   */
  dir: string;
  /** `always`: each ledger append and snapshot is fsynced before it resolves; `never`: left to the OS. @default "always" */
  fsync?: 'always' | 'never';
  /** A version 1 `costs.json` to migrate into an empty store (then renamed `<file>.migrated`). */
  legacyFile?: string;
  /** A lock held longer than this is broken even when its pid is alive, ms. @default 10000 */
  lockStaleMs?: number;
  /**
   * A snapshot of the totals starts a new ledger segment once the newest holds this many bytes; finished segments
   * whose entries the saved totals cover and whose days they no longer keep (`retentionDays`) are deleted.
   * @default 16777216 (16 MiB, about 30000 entries)
   */
  segmentBytes?: number;
  signal?: AbortSignal;
}

/**
 * Opens (creating) the file store of one machine: safe across processes on it. Every hold update, append and
 * snapshot runs holding an `O_EXCL` lock file; a lock whose process died is broken. The ledger is append-only
 * JSON lines, one write per entry, in segments (decision 0261): a snapshot of the totals (`totals.json`) starts a
 * new segment once the newest reaches `segmentBytes` and deletes the finished segments that the totals cover and
 * no longer need, so the ledger keeps about `retentionDays` of entries. Holds (each with a lease) are in
 * `holds.json`. Temp files of writes whose process was killed are swept on open.
 *
 * @throws {CostFileError} `cost-file-corrupt` / `cost-file-unreadable` for a file that does not parse or read.
 * @example
 * const store = await openFileBudgetStore({ dir: join(workspace, 'costs'), legacyFile: join(workspace, 'costs.json') });
 */
export async function openFileBudgetStore(options: FileBudgetStoreOptions): Promise<BudgetStore> {
  const { dir } = options;
  const durable = options.fsync !== 'never';
  const segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
  if (!(Number.isSafeInteger(segmentBytes) && segmentBytes > 0))
    throw new TypeError(
      `Expected \`segmentBytes\` to be a positive integer, got \`${String(segmentBytes)}\``,
    );
  const files = {
    holds: join(dir, 'holds.json'),
    totals: join(dir, 'totals.json'),
    lock: join(dir, 'lock'),
  };
  const lockOptions = {
    ...(options.lockStaleMs === undefined ? {} : { staleMs: options.lockStaleMs }),
  };
  // One holder at a time within this process (a queue, no polling); the lock file orders it with the others.
  let queue: Promise<unknown> = Promise.resolve();
  const locked = <T>(critical: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    const options = signal === undefined ? lockOptions : { ...lockOptions, signal };
    const run = queue.then(() => withFileLock(files.lock, critical, options));
    queue = run.catch(() => undefined);
    return run;
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await sweepStaleTempFiles(files.holds, options.signal);
  await sweepStaleTempFiles(files.totals, options.signal);
  // A process killed while breaking a dead holder's lock leaves the breaker's lock behind.
  await sweepStaleLock(`${files.lock}.break`, options.lockStaleMs);
  const { legacyFile } = options;
  if (legacyFile !== undefined) {
    await locked(() => migrate(legacyFile, dir, options.signal), options.signal);
  }
  /** The newest segment as this process last saw it (appends check for a newer one under the lock). */
  let active: LedgerSegment | undefined;
  const newestDays = new Map<number, string>();
  return {
    kind: 'file',
    location: dir,
    updateHolds: (change, signal) =>
      locked(async () => {
        const current = await readStateFile(files.holds, HoldsFileSchema, 'cost holds', signal);
        const decided = await change(current?.holds ?? []);
        if (decided.holds !== undefined) {
          const text = JSON.stringify({ version: 2, holds: decided.holds });
          // Holds are transient: a power loss that loses one also stopped the process holding it.
          await writeStateFile(files.holds, text, false);
        }
        return decided.result;
      }, signal),
    append: (entry, signal) =>
      locked(async () => {
        active = await activeSegment(dir, active);
        await appendLedgerLine(active.file, entry, durable);
      }, signal),
    readEntries: (cursor, signal) => readLedger(dir, cursor, signal),
    loadSnapshot: (signal) => readStateFile(files.totals, TotalsSnapshotSchema, 'cost totals', signal),
    saveSnapshot: (snapshot, signal) =>
      locked(async () => {
        const current = await readStateFile(files.totals, TotalsSnapshotSchema, 'cost totals', signal);
        const saved = current !== undefined && current.cursor >= snapshot.cursor ? current : snapshot;
        if (saved === snapshot) await writeStateFile(files.totals, JSON.stringify(snapshot), durable);
        // Only once the totals are on disk: a segment is deleted only when they cover all of it.
        active = await rotateLedger(dir, await activeSegment(dir, active), segmentBytes, durable);
        if (saved.retainedFromDay === undefined) return;
        const bounds = { coveredCursor: saved.cursor, retainedFromDay: saved.retainedFromDay, newestDays };
        await deleteExpiredSegments(dir, signal === undefined ? bounds : { ...bounds, signal });
      }, signal),
    close: async () => {},
  };
}

/** Moves a version 1 cost file into an empty ledger (one write), then renames it aside. Runs holding the lock. */
async function migrate(legacyFile: string, dir: string, signal?: AbortSignal): Promise<void> {
  const state = await loadCostState(legacyFile, signal);
  if (state === undefined) return;
  const segments = await listLedgerSegments(dir);
  const ledger = join(dir, 'ledger.jsonl');
  if (segments.length === 0 || (segments.length === 1 && (await sizeOf(ledger)) === 0)) {
    const lines = migrateLegacyEntries(state).map((entry) => `${JSON.stringify(entry)}\n`);
    await appendFile(ledger, lines.join(''), { mode: 0o600, flush: true });
  }
  await rename(legacyFile, `${legacyFile}.migrated`);
}
