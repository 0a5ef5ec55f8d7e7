import { z } from 'zod';

/**
 * One stored session as `SessionHistory#list` gives it, without its messages. Both stores fill `key`, `file`,
 * `createdAt`, `updatedAt` and `messages`; the file store also `bytes` and `issues` (the JetStream store would have
 * to read every record of every session for them).
 */
export const SessionSummarySchema = z.object({
  key: z.string(),
  /** Where it is kept, as `Session.file`: the JSONL file (`SessionStore`) or the subject (`JetStreamSessionStore`). */
  file: z.string(),
  /** ISO 8601: the meta line's time (file store), or when the server stored the first record (JetStream). */
  createdAt: z.string(),
  /** ISO 8601: the file's mtime (file store), or when the server stored the last record (JetStream). */
  updatedAt: z.string(),
  /** Messages in the history (an assistant tool call and each result count one each). */
  messages: z.number().int().nonnegative(),
  /** File store only: the file's size in bytes. */
  bytes: z.number().int().nonnegative().optional(),
  /** File store only: torn or corrupt lines skipped while loading. */
  issues: z.number().int().nonnegative().optional(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** Options of `SessionHistory#list`. */
export interface SessionListOptions {
  /** Only sessions whose key starts with this (e.g. one sender's gateway sessions). @default '' (every session) */
  prefix?: string | undefined;
  /** Stops the listing; it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Most recently updated first; ties by key, so a listing is stable. */
export function bySessionRecency(a: SessionSummary, b: SessionSummary): number {
  return b.updatedAt.localeCompare(a.updatedAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
