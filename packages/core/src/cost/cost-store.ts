import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
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

/**
 * Reads the cost file. A missing file is an empty state; a file that does not parse is an error (never silently
 * reset, which would forget spend and lift budgets).
 */
export async function loadCostState(file: string, signal?: AbortSignal): Promise<CostState | undefined> {
  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return CostStateSchema.parse(JSON.parse(text));
}

/**
 * Writes the state atomically: a temp file beside the target (mode 0600, fsynced), then `rename`, so a crash leaves
 * either the old file or the new one, never half of one. A failed save removes its temp file.
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
