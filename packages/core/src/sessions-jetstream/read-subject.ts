import type { JetStreamClient } from '@nats-io/jetstream';

/** One stored message of a session subject. */
export interface StoredRecord {
  seq: number;
  data: Uint8Array;
  /** When the server stored it, ISO 8601. */
  time: string;
}

/** The subject lost messages while it was read (it was removed meanwhile): read it again. */
export class SubjectChangedError extends Error {
  constructor(subject: string, toSeq: number) {
    super(`${subject} ended before sequence ${toSeq} (removed meanwhile); read it again`);
    this.name = 'SubjectChangedError';
  }
}

/** Messages fetched per pull request while reading a history. */
const BATCH = 1024;

/**
 * The messages of `subject` in stream order, from sequence `fromSeq` up to and including `toSeq` (the subject's
 * last sequence, read just before): one ordered consumer filtered on the subject, so the cost is linear in what is
 * read. Rejects when `signal` aborts (the caller bounds the read with it), or with `SubjectChangedError` when the
 * messages skip past `toSeq` (the subject was purged and appended to meanwhile).
 */
export async function readSubject(
  js: JetStreamClient,
  stream: string,
  subject: string,
  range: { fromSeq: number; toSeq: number },
  signal: AbortSignal,
): Promise<StoredRecord[]> {
  signal.throwIfAborted();
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subject,
    deliver_policy: 'by_start_sequence',
    opt_start_seq: range.fromSeq,
  });
  const messages = await consumer.consume({ max_messages: BATCH });
  const stop = () => void messages.close();
  signal.addEventListener('abort', stop, { once: true });
  const records: StoredRecord[] = [];
  try {
    for await (const message of messages) {
      if (message.seq > range.toSeq) break;
      records.push({ seq: message.seq, data: message.data, time: message.time.toISOString() });
      if (message.seq === range.toSeq) break;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await messages.close();
  }
  signal.throwIfAborted();
  if (records.at(-1)?.seq !== range.toSeq) throw new SubjectChangedError(subject, range.toSeq);
  return records;
}
