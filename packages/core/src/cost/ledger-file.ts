import { open } from 'node:fs/promises';
import type { LedgerRead } from './budget-store.js';
import { CostFileError } from './cost-file-error.js';
import { type LedgerEntry, LedgerEntrySchema } from './cost-ledger.js';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;

/**
 * Appends one entry as a JSON line with a single write (then `fdatasync` when `durable`). Call it holding the
 * store's lock: a line a killed writer left half-written is ended first with a newline, so it stays one torn line
 * that readers skip instead of corrupting the next entry.
 */
export async function appendLedgerLine(file: string, entry: LedgerEntry, durable: boolean): Promise<void> {
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let torn = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      torn = last[0] !== NEWLINE;
    }
    await handle.write(`${torn ? '\n' : ''}${JSON.stringify(entry)}\n`);
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * The entries after byte `cursor` up to the last complete line (a line being written is left for the next read),
 * and the byte position after it. Lines that do not parse (torn by a killed writer) are skipped.
 */
export async function readLedgerLines(
  file: string,
  cursor: number,
  signal?: AbortSignal,
): Promise<LedgerRead> {
  try {
    return await readLines(file, cursor, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { entries: [], cursor };
    if (code === undefined || code === 'ABORT_ERR') throw error;
    const message = `Cannot read the cost ledger ${file} (${code}): check its permissions and that it is a file.`;
    throw new CostFileError({ kind: 'cost-file-unreadable', message, file, cause: error });
  }
}

async function readLines(file: string, cursor: number, signal?: AbortSignal): Promise<LedgerRead> {
  const handle = await open(file, 'r');
  const entries: LedgerEntry[] = [];
  let position = cursor;
  try {
    const { size } = await handle.stat();
    let carry = Buffer.alloc(0);
    while (position + carry.length < size) {
      signal?.throwIfAborted();
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - position - carry.length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position + carry.length);
      if (bytesRead === 0) break;
      const bytes = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const end = bytes.lastIndexOf(NEWLINE);
      if (end < 0) {
        carry = bytes;
        continue;
      }
      for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
        const entry = parseLine(line);
        if (entry !== undefined) entries.push(entry);
      }
      position += end + 1;
      carry = bytes.subarray(end + 1);
    }
  } finally {
    await handle.close();
  }
  return { entries, cursor: position };
}

function parseLine(line: string): LedgerEntry | undefined {
  if (line === '') return undefined;
  try {
    const parsed = LedgerEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
