import type { ChatMessage, OutboundMessage } from '@clawft/types';
import type { SessionIssue } from './session-log.js';
import type { SessionListOptions, SessionSummary } from './session-summary.js';
import type { SessionTurn } from './session-turns.js';

/** A session as loaded. */
export interface Session {
  key: string;
  /** Where it is kept (the JSONL file of a `SessionStore`). */
  file: string;
  /** From the metadata line; undefined for a new session. */
  createdAt: string | undefined;
  messages: readonly ChatMessage[];
  /** Torn or corrupt lines found while loading (they were skipped). */
  issues: readonly SessionIssue[];
  /** Where the turn answering inbound message `messageId` stands in this history. */
  turnOf(messageId: string): SessionTurn;
}

/** Options of `SessionHistory#append`. */
export interface SessionAppendOptions {
  /** Checked until the write starts; a started write is finished. */
  signal?: AbortSignal | undefined;
  /** The inbound message this record belongs to (its turn). */
  messageId?: string | undefined;
  /** The turn's reply as published: this record is the turn's last. Needs `messageId`. */
  reply?: OutboundMessage | undefined;
}

/**
 * Where the agent loop keeps session histories: `SessionStore` (JSONL files in the workspace) or
 * `JetStreamSessionStore` (a NATS JetStream stream shared by every worker). Appends are atomic
 * units (an assistant tool call and its results together), and a load sees every append made before it, by this
 * process or another sharing the store.
 */
export interface SessionHistory {
  /** The session's history; an unknown key gives an empty session. */
  load(key: string, options?: { signal?: AbortSignal | undefined }): Promise<Session>;
  /**
   * Appends `messages` as one record.
   * @throws SessionError `incomplete-tool-call`, `invalid-message`; from a shared store also
   *   `session-conflict` (another writer appended unseen: load again) and `session-unavailable`.
   */
  append(key: string, messages: readonly ChatMessage[], options?: SessionAppendOptions): Promise<void>;
  /**
   * The stored sessions whose key starts with `options.prefix` (all by default), most recently updated first,
   * without their messages. A removed session is not listed.
   * @throws SessionError `session-unavailable` from a shared store that cannot be reached.
   */
  list(options?: SessionListOptions): Promise<SessionSummary[]>;
  /** Deletes the session; resolves `true` when there was one. */
  remove(key: string): Promise<boolean>;
  /** Releases what the store holds open (the JetStream store's connection); the file store has none. */
  close?(): Promise<void>;
}
