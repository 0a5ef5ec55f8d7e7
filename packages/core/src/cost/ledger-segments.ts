import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dirNames } from '../shared/dir-names.js';
import type { LedgerRead } from './budget-store.js';
import type { LedgerEntry } from './cost-ledger.js';
import { readLedgerLines } from './ledger-file.js';

/**
 * One file of the file store's ledger. `base` is the ledger position (bytes since the first entry ever written) of
 * its first byte, so a cursor is `base + offset` whichever file it falls in. The first segment is `ledger.jsonl`
 * (base 0: a ledger written before rotation existed is that segment, its byte cursors unchanged); each later one is
 * `ledger.<base, 16 digits>.jsonl`, started where the one before ended.
 */
export interface LedgerSegment {
  base: number;
  file: string;
}

const FIRST = 'ledger.jsonl';
const NAMED = /^ledger\.(\d{16})\.jsonl$/;

/** The file name of the segment starting at `base`. */
export function segmentName(base: number): string {
  return base === 0 ? FIRST : `ledger.${String(base).padStart(16, '0')}.jsonl`;
}

/** The segments in `dir`, oldest first (none when the store is new). */
export async function listLedgerSegments(dir: string): Promise<LedgerSegment[]> {
  const names = await dirNames(dir);
  const segments: LedgerSegment[] = [];
  for (const name of names) {
    const base = name === FIRST ? 0 : Number(NAMED.exec(name)?.[1] ?? Number.NaN);
    if (Number.isSafeInteger(base)) segments.push({ base, file: join(dir, name) });
  }
  return segments.sort((a, b) => a.base - b.base);
}

/**
 * The segment appends go to: the newest. From `known` (the last one this process saw), it follows the segments
 * other processes started since (each begins where the one before ends) with two `stat`s, not a directory listing.
 * Call it holding the store's lock, which every rotation also holds.
 */
export async function activeSegment(dir: string, known?: LedgerSegment): Promise<LedgerSegment> {
  let current: LedgerSegment =
    known !== undefined && (await sizeOf(known.file)) !== undefined
      ? known
      : ((await listLedgerSegments(dir)).at(-1) ?? { base: 0, file: join(dir, FIRST) });
  for (;;) {
    const size = (await sizeOf(current.file)) ?? 0;
    const next: LedgerSegment = {
      base: current.base + size,
      file: join(dir, segmentName(current.base + size)),
    };
    if (size === 0 || (await sizeOf(next.file)) === undefined) return current;
    current = next;
  }
}

/** The file's size in bytes, or undefined when it does not exist. */
export async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The entries after ledger position `cursor`, across segments, up to the last complete line of the newest. A
 * segment that has a successor is finished (rotation happens under the lock, after its last append), so what follows
 * its last complete line — a line a killed writer tore — is skipped and reading goes on at the successor's base. A
 * cursor before the oldest segment left (its segments expired and were deleted) reads from the oldest.
 */
export async function readLedger(dir: string, cursor: number, signal?: AbortSignal): Promise<LedgerRead> {
  const segments = await listLedgerSegments(dir);
  let index = segments.findLastIndex((segment) => segment.base <= cursor);
  let position = cursor;
  if (index < 0) {
    if (segments[0] === undefined) return { entries: [], cursor };
    index = 0;
    position = segments[0].base;
  }
  const entries: LedgerEntry[] = [];
  for (; index < segments.length; index += 1) {
    const segment = segments[index] as LedgerSegment;
    const read = await readLedgerLines(segment.file, position - segment.base, signal);
    for (const entry of read.entries) entries.push(entry);
    const next = segments[index + 1];
    if (next === undefined) return { entries, cursor: segment.base + read.cursor };
    position = next.base;
  }
  return { entries, cursor: position };
}
