import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { CostFileError } from './cost-file-error.js';

const WHAT_TO_DO =
  'Restore it from a backup, fix it by hand, or move it aside to start with no recorded spend (budgets then start from zero)';

/**
 * Reads a JSON state file of the cost tracker. A missing file is `undefined`; one that does not parse is an error
 * naming the file and what to do (never a silent reset, which would forget spend and lift budgets).
 *
 * @throws {CostFileError} `cost-file-corrupt` (not JSON, or not `schema`), `cost-file-unreadable`.
 */
export async function readStateFile<T extends z.ZodType>(
  file: string,
  schema: T,
  what: string,
  signal?: AbortSignal,
): Promise<z.infer<T> | undefined> {
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
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first === undefined ? '' : ` at ${first.path.join('.') || '(top level)'}: ${first.message}`;
  const message = `The cost file ${file} does not hold ${what}${where}. ${WHAT_TO_DO}.`;
  throw new CostFileError({ kind: 'cost-file-corrupt', message, file, cause: parsed.error });
}
