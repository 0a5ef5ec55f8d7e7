import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readLedgerLines } from './ledger-file.js';
import { type LedgerSegment, listLedgerSegments, segmentName, sizeOf } from './ledger-segments.js';
import { syncDirectory } from './write-state-file.js';

/**
 * Starts a new segment after `active` once it holds `segmentBytes` or more: an empty file created with `O_EXCL` at
 * the position where `active` ends (then the directory is fsynced when `durable`, so appends made to it survive a
 * power loss). Returns the segment appends go to from now on. Call it holding the store's lock. A process killed
 * after the create leaves an empty newest segment, which is where the next append goes.
 */
export async function rotateLedger(
  dir: string,
  active: LedgerSegment,
  segmentBytes: number,
  durable: boolean,
): Promise<LedgerSegment> {
  const size = (await sizeOf(active.file)) ?? 0;
  if (size === 0 || size < segmentBytes) return active;
  const next = { base: active.base + size, file: join(dir, segmentName(active.base + size)) };
  try {
    await (await open(next.file, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (durable) await syncDirectory(dir);
  return next;
}

/** What `deleteExpiredSegments` may delete: only entries the saved totals cover, of days they no longer keep. */
export interface ExpiryBounds {
  /** The saved totals' cursor: a segment is deleted only when it ends at or before it. */
  coveredCursor: number;
  /** The oldest budget day the saved totals keep (`YYYY-MM-DD`): a segment is deleted only when all its days are older. */
  retainedFromDay: string;
  /** base → newest budget day of a finished segment (they never change), so each is read once per process. */
  newestDays: Map<number, string>;
  signal?: AbortSignal;
}

/**
 * Deletes the oldest finished segments (never the newest, which appends go to) while each ends within the saved
 * totals and holds only days before the oldest day they keep; stops at the first that does not, so what is left is
 * always a suffix of the ledger. Call it holding the store's lock. A process killed between two deletions leaves
 * a shorter prefix deleted, finished by the next snapshot. Returns the files deleted.
 */
export async function deleteExpiredSegments(dir: string, bounds: ExpiryBounds): Promise<string[]> {
  const segments = await listLedgerSegments(dir);
  const deleted: string[] = [];
  for (let index = 0; index + 1 < segments.length; index += 1) {
    const segment = segments[index] as LedgerSegment;
    const end = (segments[index + 1] as LedgerSegment).base;
    if (end > bounds.coveredCursor) break;
    let newest = bounds.newestDays.get(segment.base);
    if (newest === undefined) {
      newest = await newestDayOf(segment.file, bounds.signal);
      bounds.newestDays.set(segment.base, newest);
    }
    if (newest >= bounds.retainedFromDay) break;
    await rm(segment.file, { force: true });
    bounds.newestDays.delete(segment.base);
    deleted.push(segment.file);
  }
  return deleted;
}

/** The latest budget day among a segment's entries ('' when it has none). */
async function newestDayOf(file: string, signal?: AbortSignal): Promise<string> {
  const { entries } = await readLedgerLines(file, 0, signal);
  let newest = '';
  for (const entry of entries) if (entry.day > newest) newest = entry.day;
  return newest;
}
