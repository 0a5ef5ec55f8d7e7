import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CostFileError } from './cost-file-error.js';
import { LedgerEntrySchema } from './cost-ledger.js';

/** What the cost file holds: spend per budget day and sender (the budget source), and the recent ledger. */
export const CostStateSchema = z.object({
  version: z.literal(1),
  nextEntryId: z.number().int().nonnegative(),
  /** day (`YYYY-MM-DD`) → sender → USD booked. */
  dailySpend: z.record(z.string(), z.record(z.string(), z.number().nonnegative())),
  ledger: z.array(LedgerEntrySchema),
});
export type CostState = z.infer<typeof CostStateSchema>;

const WHAT_TO_DO =
  'Restore it from a backup, fix it by hand, or move it aside to start with no recorded spend (budgets then start from zero)';

/**
 * Reads the cost file. A missing file is an empty state; a file that does not parse is an error (never silently
 * reset, which would forget spend and lift budgets).
 *
 * @throws {CostFileError} `cost-file-corrupt` (not JSON, or not the state schema), `cost-file-unreadable`.
 */
export async function loadCostState(file: string, signal?: AbortSignal): Promise<CostState | undefined> {
  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ABORT_ERR') throw error;
    const message = `Cannot read the cost file ${file} (${String(code)}): check its permissions and that it is a file.`;
    throw new CostFileError({ kind: 'cost-file-unreadable', message, file, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = `The cost file ${file} is not valid JSON (${(error as Error).message}). ${WHAT_TO_DO}.`;
    throw new CostFileError({ kind: 'cost-file-corrupt', message, file, cause: error });
  }
  const parsed = CostStateSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first === undefined ? '' : ` at ${first.path.join('.') || '(top level)'}: ${first.message}`;
  const message = `The cost file ${file} does not hold cost state${where}. ${WHAT_TO_DO}.`;
  throw new CostFileError({ kind: 'cost-file-corrupt', message, file, cause: parsed.error });
}

/** Flushes a rename to disk: fsync of the directory that holds the renamed entry (best effort where unsupported). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) and file systems cannot open or fsync a directory; the rename itself stands.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes the state atomically: a temp file beside the target (mode 0600, fsynced), then `rename`, then an fsync of
 * the directory (so the rename survives a power loss), so a crash leaves either the old file or the new one, never
 * half of one. A failed save removes its temp file; one whose process was killed is swept by `sweepStaleTempFiles`.
 */
export async function saveCostState(file: string, state: CostState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      // The open mode is filtered by the umask; make sure of 0600 before any byte is written.
      await handle.chmod(0o600);
      await handle.writeFile(JSON.stringify(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(file));
}

/** Serialises saves: at most one write in flight and one queued; a queued save writes the newest state. */
export class SaveQueue {
  #running: Promise<void> | undefined;
  #queued = false;
  readonly #write: () => Promise<void>;
  readonly #onError: (error: unknown) => void;

  constructor(write: () => Promise<void>, onError: (error: unknown) => void) {
    this.#write = write;
    this.#onError = onError;
  }

  /** Asks for a save soon; returns at once. */
  request(): void {
    if (this.#running !== undefined) {
      this.#queued = true;
      return;
    }
    // Start on a later microtask: the write's preparation never runs inside the caller's request.
    this.#running = Promise.resolve().then(() => this.#loop());
  }

  /** Resolves when every requested save has been written. */
  async flush(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#queued = false;
      try {
        await this.#write();
      } catch (error) {
        this.#onError(error);
      }
    } while (this.#queued);
    this.#running = undefined;
  }
}
