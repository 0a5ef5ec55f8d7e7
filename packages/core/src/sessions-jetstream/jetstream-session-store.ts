import { createHash } from 'node:crypto';
import type { ChatMessage } from '@clawft/types';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { hasApiCode } from '../bus-jetstream/nats-error.js';
import { checkAppend } from '../sessions/check-append.js';
import { SessionError } from '../sessions/session-error.js';
import type { Session, SessionAppendOptions, SessionHistory } from '../sessions/session-history.js';
import { encodeLine, type SessionRecordLine } from '../sessions/session-log.js';
import type { SessionListOptions, SessionSummary } from '../sessions/session-summary.js';
import { KeyQueue } from '../shared/key-queue.js';
import { LruMap } from '../shared/lru-map.js';
import type { JetStreamSessionSettings } from './jetstream-session-options.js';
import { listSessionSubjects } from './list-session-subjects.js';
import { retryUnavailable } from './retry-unavailable.js';
import { SESSION_KEY_HEADER, setSessionHeaders } from './session-headers.js';
import { publicView, SubjectReader, type SubjectState } from './subject-reader.js';

/** The API code of "wrong last sequence": another writer appended since `expect.lastSubjectSequence`. */
const WRONG_LAST_SEQUENCE_CODE = 10071;

/** The connected pieces `createJetStreamSessionStore` hands to the store. */
export interface JetStreamSessionParts {
  connection: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /**
   * The same manager with `listTimeoutMs` as its request timeout: a listing's stream info carries every session's
   * subject, which a busy server takes seconds to answer for 100,000 sessions (retrying it early only adds work).
   */
  listJsm: JetStreamManager;
  /** The client's `headers()` (loaded with the client). */
  headers: () => MsgHdrs;
  settings: JetStreamSessionSettings;
}

/**
 * Session histories on one JetStream stream, one subject per session key (see `createJetStreamSessionStore`), so
 * every worker sees every session. An append is one stream message holding one record (the file store's record),
 * so an assistant tool call and its results are stored together or not at all. Each append is published with
 * `Nats-Msg-Id` (its position and a hash of its content: a retried append is stored once) and with the subject's
 * last sequence this store read as the expected one, so two writers of a session cannot interleave: the later one
 * fails with `session-conflict` and must load again. Each record's headers carry the session's message count (and
 * the first record its key), so `list` reads two records per session, not its history. Loads are cached per process (LRU) and revalidated against
 * the subject's last sequence with one direct get; what is new is read with an ordered consumer, in time linear in
 * its length. Calls for one session are serialised in this process.
 *
 * @example
 * const store = await createJetStreamSessionStore({ config: config.bus });
 * await store.append('cli:main', [{ role: 'user', content: 'hi' }]);
 * const { messages } = await store.load('cli:main');
 */
export class JetStreamSessionStore implements SessionHistory {
  readonly #parts: JetStreamSessionParts;
  readonly #reader: SubjectReader;
  readonly #cache: LruMap<string, SubjectState>;
  readonly #queue = new KeyQueue();

  constructor(parts: JetStreamSessionParts) {
    this.#parts = parts;
    this.#reader = new SubjectReader(parts);
    this.#cache = new LruMap(parts.settings.maxCachedSessions);
  }

  /** The subject holding `key`'s history. */
  subjectFor(key: string): string {
    return this.#parts.settings.subjectOf(key);
  }

  /**
   * The session's history; an unknown key gives an empty session. Retries while the server cannot be reached, for
   * up to `retryTimeoutMs`. @throws SessionError `session-unavailable` after that.
   */
  load(key: string, options: { signal?: AbortSignal | undefined } = {}): Promise<Session> {
    return this.#queue.run(key, async () => publicView(await this.#fresh(key, options.signal)));
  }

  /**
   * Appends `messages` as one record (tagged with `messageId`, and `reply` for a turn's last, as in the file store);
   * resolves once the server has stored it. `signal` is checked until the first
   * publish; from then on the append is finished (stored, refused, or failed after `retryTimeoutMs`).
   * @throws SessionError `incomplete-tool-call` / `invalid-message` as the file store; `session-conflict` when
   *   another writer appended since this store last read the session (load it again); `session-unavailable` when
   *   the server did not answer in time (the append may or may not be stored: appending the same messages again
   *   at the same place is stored once).
   */
  append(key: string, messages: readonly ChatMessage[], options: SessionAppendOptions = {}): Promise<void> {
    const checked = checkAppend(key, messages);
    if (checked instanceof SessionError) return Promise.reject(checked);
    return this.#queue.run(key, () => this.#append(key, checked, options));
  }

  /**
   * The sessions on the stream whose key starts with `options.prefix`, most recently updated first, read without
   * loading their histories (see `listSessionSubjects`): `createdAt` and `updatedAt` are the server's times of the
   * first and last record, `file` is the subject; no `bytes` or `issues`. Retries while the server cannot be
   * reached, for up to `retryTimeoutMs` per request.
   * @throws SessionError `session-unavailable` after that.
   */
  list(options: SessionListOptions = {}): Promise<SessionSummary[]> {
    const { signal } = options;
    const key = options.prefix ?? '';
    return listSessionSubjects(
      {
        jsm: this.#parts.jsm,
        listJsm: this.#parts.listJsm,
        settings: this.#parts.settings,
        retry: (what, attempt) => this.#retry(key, what, signal, attempt),
        countMessages: async (session) => (await this.load(session, { signal })).messages.length,
      },
      options,
    );
  }

  /** Purges the session's subject (after calls already queued for it); resolves `true` when it held messages. */
  remove(key: string): Promise<boolean> {
    return this.#queue.run(key, async () => {
      this.#cache.delete(key);
      const { jsm, settings } = this.#parts;
      const filter = this.subjectFor(key);
      const { purged } = await this.#retry(key, `remove session "${key}"`, undefined, () =>
        jsm.streams.purge(settings.stream, { filter }),
      );
      return purged > 0;
    });
  }

  /** Closes the connection; later calls fail with `session-unavailable`. */
  async close(): Promise<void> {
    if (!this.#parts.connection.isClosed()) await this.#parts.connection.close();
  }

  async #append(key: string, messages: ChatMessage[], options: SessionAppendOptions): Promise<void> {
    const { signal, messageId, reply } = options;
    const state = this.#cache.get(key) ?? (await this.#fresh(key, signal));
    signal?.throwIfAborted();
    const { js, settings, connection } = this.#parts;
    const tags = {
      ...(messageId === undefined ? {} : { messageId }),
      ...(reply === undefined ? {} : { reply }),
    };
    const record: SessionRecordLine = {
      type: 'messages',
      at: settings.now().toISOString(),
      messages,
      ...tags,
    };
    const payload = Buffer.from(encodeLine(record), 'utf8');
    const expected = state.lastSeq;
    const count = state.log.messages.length + messages.length;
    const headers = setSessionHeaders(this.#parts.headers(), { key, first: expected === 0, messages: count });
    const size = payload.length + (headers.get(SESSION_KEY_HEADER)?.length ?? 0);
    const maxPayload = connection.info?.max_payload;
    if (maxPayload !== undefined && size > maxPayload) {
      const message = `cannot append to session "${key}": the record is ${size} bytes, over the NATS server's max_payload of ${maxPayload}; lower tools.maxBatchResultBytes or raise max_payload`;
      throw new SessionError({ kind: 'invalid-message', message, key });
    }
    const msgID = `${expected}-${createHash('sha256')
      .update(`${state.subject}\n${JSON.stringify({ messages, ...tags })}`)
      .digest('base64url')}`;
    let ack: { seq: number; duplicate: boolean };
    try {
      ack = await this.#retry(key, `append to session "${key}"`, undefined, () =>
        js.publish(state.subject, payload, {
          msgID,
          expect: { lastSubjectSequence: expected },
          headers,
          timeout: settings.requestTimeoutMs,
        }),
      );
    } catch (error) {
      if (!hasApiCode(error, WRONG_LAST_SEQUENCE_CODE)) throw error;
      const message = `cannot append to session "${key}": another writer appended to it since this store read it at sequence ${expected}; load it again, then append`;
      throw new SessionError({ kind: 'session-conflict', message, key, cause: error });
    }
    // Stored right after `expected` (a duplicate: by an earlier attempt, or another store, at the same place).
    const time = settings.now().toISOString();
    this.#cache.set(key, this.#reader.extend(state, { seq: ack.seq, data: payload, time }));
  }

  /** The session as stored now: the cached state when the subject's last sequence is unchanged, else re-read. */
  async #fresh(key: string, signal: AbortSignal | undefined): Promise<SubjectState> {
    const cached = this.#cache.get(key);
    const state = await this.#retry(key, `load session "${key}"`, signal, () =>
      this.#reader.refresh(cached ?? this.#reader.empty(key), signal),
    );
    this.#cache.set(key, state);
    return state;
  }

  #retry<T>(
    key: string,
    what: string,
    signal: AbortSignal | undefined,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const { retryTimeoutMs } = this.#parts.settings;
    const isClosed = () => this.#parts.connection.isClosed();
    return retryUnavailable({ key, what, retryTimeoutMs, isClosed, signal }, attempt);
  }
}
