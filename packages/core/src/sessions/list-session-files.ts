import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissingFileError } from '../context/file-system.js';
import { mapConcurrent } from '../shared/map-concurrent.js';
import { sessionKeyTokenPrefix } from './session-file-name.js';
import type { Session } from './session-history.js';
import { SessionMetaLineSchema } from './session-log.js';
import { bySessionRecency, type SessionListOptions, type SessionSummary } from './session-summary.js';

/** The meta line is small; a first line longer than this is not one. */
const META_BYTES = 64 * 1024;

/** Files read at once while listing. */
const CONCURRENCY = 8;

/** What listing needs of the store that owns the directory. */
export interface SessionFiles {
  directory: string;
  fileFor(key: string): string;
  load(key: string, options: { signal?: AbortSignal | undefined }): Promise<Session>;
}

/**
 * Every session in `files.directory` whose key starts with `options.prefix`, most recently written first. The key
 * comes from each file's meta line (file names of long keys are hashed and cannot be decoded); a file without one,
 * or whose meta line names a key that does not map to it (copied by hand), is skipped. Files whose name cannot
 * belong to a key with the prefix are not opened.
 */
export async function listSessionFiles(
  files: SessionFiles,
  options: SessionListOptions = {},
): Promise<SessionSummary[]> {
  const { prefix = '', signal } = options;
  signal?.throwIfAborted();
  let names: string[];
  try {
    names = await readdir(files.directory);
  } catch (error) {
    if (isMissingFileError(error)) return [];
    throw error;
  }
  const namePrefix = sessionKeyTokenPrefix(prefix);
  const candidates = names.filter((name) => name.endsWith('.jsonl') && name.startsWith(namePrefix)).sort();
  const summaries = await mapConcurrent(
    candidates,
    CONCURRENCY,
    (name) => summarize(files, join(files.directory, name), prefix, signal),
    signal,
  );
  return summaries.filter((summary) => summary !== undefined).sort(bySessionRecency);
}

async function summarize(
  files: SessionFiles,
  file: string,
  prefix: string,
  signal: AbortSignal | undefined,
): Promise<SessionSummary | undefined> {
  const key = await readKey(file);
  if (key === undefined || !key.startsWith(prefix) || files.fileFor(key) !== file) return undefined;
  const [session, info] = await Promise.all([files.load(key, { signal }), stat(file).catch(missing)]);
  // Removed meanwhile: not listed.
  if (info === undefined || session.createdAt === undefined) return undefined;
  return {
    key,
    file,
    createdAt: session.createdAt,
    updatedAt: info.mtime.toISOString(),
    messages: session.messages.length,
    bytes: info.size,
    issues: session.issues.length,
  };
}

function missing(error: unknown): undefined {
  if (isMissingFileError(error)) return undefined;
  throw error;
}

/** The key of the meta line heading `file`, or undefined when it has none (not a session file, or corrupt). */
async function readKey(file: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return missing(error);
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(META_BYTES), 0, META_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    if (end < 0) return undefined;
    const meta = SessionMetaLineSchema.safeParse(parseJson(text.slice(0, end)));
    return meta.success ? meta.data.key : undefined;
  } finally {
    await handle.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
