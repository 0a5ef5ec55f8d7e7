import { linkSignals } from '@clawft/types/internal';
import type { Session } from '../sessions/session-history.js';
import { applySessionLine, emptySessionLog, type ParsedSessionLog } from '../sessions/session-log.js';
import { sessionView } from '../sessions/session-view.js';
import type { JetStreamSessionParts } from './jetstream-session-store.js';
import { readSubject, type StoredRecord, SubjectChangedError } from './read-subject.js';

/** New messages read with direct gets before an ordered consumer is worth its set-up. */
const DIRECT_READS = 8;

/** A session as this process last read it from its subject. */
export interface SubjectState {
  key: string;
  subject: string;
  /** Stream sequences of the first and last message read; 0 for none. */
  firstSeq: number;
  lastSeq: number;
  /** Records applied; issues are numbered by record (1-based). */
  records: number;
  /** When the first record was stored (the server's timestamp). */
  createdAt: string | undefined;
  log: ParsedSessionLog;
}

/** Reads session subjects into `SubjectState`s with the file store's record parser (`applySessionLine`). */
export class SubjectReader {
  readonly #parts: Pick<JetStreamSessionParts, 'js' | 'jsm' | 'settings'>;

  constructor(parts: Pick<JetStreamSessionParts, 'js' | 'jsm' | 'settings'>) {
    this.#parts = parts;
  }

  empty(key: string): SubjectState {
    const subject = this.#parts.settings.subjectOf(key);
    return {
      key,
      subject,
      firstSeq: 0,
      lastSeq: 0,
      records: 0,
      createdAt: undefined,
      log: emptySessionLog(),
    };
  }

  /**
   * `state` brought up to the subject's last message: unchanged when its last sequence is the same (one direct
   * get), extended with the new messages when its first message is still there (one more get and a read of what
   * is new), else read again whole (the session was removed, and maybe appended to again since).
   */
  async refresh(state: SubjectState, signal: AbortSignal | undefined): Promise<SubjectState> {
    const { jsm, settings } = this.#parts;
    const { subject, key } = state;
    for (let attempt = 1; ; attempt += 1) {
      const last = await jsm.direct.getMessage(settings.stream, { last_by_subj: subject });
      if (last === null) return state.lastSeq === 0 ? state : this.empty(key);
      if (last.seq === state.lastSeq) return state;
      let base = state;
      if (state.lastSeq > 0) {
        const first = await jsm.direct.getMessage(settings.stream, {
          next_by_subj: subject,
          seq: state.firstSeq,
        });
        if (first?.seq !== state.firstSeq) base = this.empty(key);
      }
      try {
        const range = { fromSeq: base.lastSeq + 1, toSeq: last.seq };
        // What is new since a cached read is usually a turn's few records: direct gets, then a consumer for more.
        const direct = base.lastSeq > 0 ? await this.#directReads(subject, range) : [];
        const rest =
          direct.at(-1)?.seq === range.toSeq ? [] : await this.#consumerRead(subject, range, direct, signal);
        for (const record of [...direct, ...rest]) this.extend(base, record);
        return base;
      } catch (error) {
        if (!(error instanceof SubjectChangedError) || attempt >= 3) throw error;
      }
    }
  }

  /** Up to `DIRECT_READS` messages of the range, one direct get each (`next_by_subj`). */
  async #directReads(subject: string, range: { fromSeq: number; toSeq: number }): Promise<StoredRecord[]> {
    const { jsm, settings } = this.#parts;
    const records: StoredRecord[] = [];
    for (let seq = range.fromSeq; records.length < DIRECT_READS; ) {
      const message = await jsm.direct.getMessage(settings.stream, { next_by_subj: subject, seq });
      if (message === null || message.seq > range.toSeq) throw new SubjectChangedError(subject, range.toSeq);
      records.push({ seq: message.seq, data: message.data, time: message.time.toISOString() });
      if (message.seq === range.toSeq) break;
      seq = message.seq + 1;
    }
    return records;
  }

  /** The rest of the range after `before`, with an ordered consumer. */
  async #consumerRead(
    subject: string,
    range: { fromSeq: number; toSeq: number },
    before: StoredRecord[],
    signal: AbortSignal | undefined,
  ): Promise<StoredRecord[]> {
    const { js, settings } = this.#parts;
    const fromSeq = (before.at(-1)?.seq ?? range.fromSeq - 1) + 1;
    // Bounded: a read that stalls (the server went away) fails as a timeout and is retried by the caller.
    const link = linkSignals(signal, AbortSignal.timeout(settings.retryTimeoutMs));
    try {
      return await readSubject(js, settings.stream, subject, { fromSeq, toSeq: range.toSeq }, link.signal);
    } finally {
      link.unlink();
    }
  }

  /** Applies one stored record to `state`, in place. */
  extend(state: SubjectState, record: StoredRecord): SubjectState {
    state.records += 1;
    applySessionLine(Buffer.from(record.data).toString('utf8'), state.records, state.log);
    if (state.firstSeq === 0) {
      state.firstSeq = record.seq;
      state.createdAt = record.time;
    }
    state.lastSeq = record.seq;
    return state;
  }
}

/** The public view of `state`: the file store's (`sessionView`), the subject in place of the file. */
export function publicView(state: SubjectState): Session {
  const { key, subject, createdAt, log } = state;
  return sessionView({ key, file: subject, createdAt }, log);
}
