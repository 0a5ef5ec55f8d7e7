import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { sessionKeyFromToken, sessionKeyTokenPrefix } from '../sessions/session-file-name.js';
import {
  bySessionRecency,
  type SessionListOptions,
  type SessionSummary,
} from '../sessions/session-summary.js';
import { mapConcurrent } from '../shared/map-concurrent.js';
import type { JetStreamSessionSettings } from './jetstream-session-options.js';
import { keyHeader, messagesHeader } from './session-headers.js';

/** Sessions summarised at once (two direct gets each). */
const CONCURRENCY = 16;

/** What listing needs of the store. */
export interface SubjectListing {
  jsm: JetStreamManager;
  /** For the stream info of the subjects (its timeout is `listTimeoutMs`). */
  listJsm: JetStreamManager;
  settings: JetStreamSessionSettings;
  /** Runs one server request, retried while the server cannot be reached (`session-unavailable` after that). */
  retry<T>(what: string, attempt: () => Promise<T>): Promise<T>;
  /** The message count of a session whose last record carries none (written before records carried it). */
  countMessages(key: string): Promise<number>;
}

/**
 * The sessions on the stream whose key starts with `options.prefix`, most recently updated first, without reading
 * their histories: the stream's subjects (one stream info with a subjects filter; the client pages through more
 * subjects than a response holds), those whose token can belong to the prefix, then per subject the first record
 * (its server time is `createdAt`, its header the key) and the last (its time is `updatedAt`, its header the
 * message count), as direct gets, 16 subjects at a time. A subject purged meanwhile is not listed.
 */
export async function listSessionSubjects(
  listing: SubjectListing,
  options: SessionListOptions = {},
): Promise<SessionSummary[]> {
  const { prefix = '', signal } = options;
  const { listJsm, settings } = listing;
  signal?.throwIfAborted();
  const info = await listing.retry('list sessions', () =>
    listJsm.streams.info(settings.stream, { subjects_filter: settings.subjects }),
  );
  signal?.throwIfAborted();
  const start = settings.subjectBase + sessionKeyTokenPrefix(prefix);
  const subjects = Object.entries(info.state.subjects ?? {})
    .filter(([subject, count]) => count > 0 && subject.startsWith(start))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const summaries = await mapConcurrent(
    subjects,
    CONCURRENCY,
    ([subject, count]) => summarize(listing, subject, count, prefix),
    signal,
  );
  return summaries.filter((summary) => summary !== undefined).sort(bySessionRecency);
}

async function summarize(
  listing: SubjectListing,
  subject: string,
  count: number,
  prefix: string,
): Promise<SessionSummary | undefined> {
  const { jsm, settings } = listing;
  const get = (query: { last_by_subj: string } | { next_by_subj: string; seq: number }) =>
    listing.retry(`list session subject "${subject}"`, () => jsm.direct.getMessage(settings.stream, query));
  const first = await get({ next_by_subj: subject, seq: 1 });
  const last = count === 1 ? first : await get({ last_by_subj: subject });
  if (first === null || last === null) return undefined;
  const key = keyOf(first, subject.slice(settings.subjectBase.length));
  // A key that does not map to this subject (a record published by hand) is not listed under a wrong name.
  if (key === undefined || !key.startsWith(prefix) || settings.subjectOf(key) !== subject) return undefined;
  return {
    key,
    file: subject,
    createdAt: first.time.toISOString(),
    updatedAt: last.time.toISOString(),
    messages: messagesHeader(last.header) ?? (await listing.countMessages(key)),
  };
}

/** The key a first record names in its header, else the one its subject token decodes to (not a hashed one). */
function keyOf(first: StoredMsg, token: string): string | undefined {
  return keyHeader(first.header) ?? sessionKeyFromToken(token);
}
