import { type FileHandle, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ChatMessage, ChatMessageSchema } from '@clawft/types';
import { z } from 'zod';
import { isMissingFileError } from '../context/file-system.js';
import { LruMap } from '../shared/lru-map.js';
import { resolvePath } from '../shared/resolve-path.js';
import { unmatchedToolCall } from './check-tool-groups.js';
import { SessionError } from './session-error.js';
import { sessionFileName } from './session-file-name.js';
import { encodeLine, parseSessionLog, type SessionIssue } from './session-log.js';

export interface SessionStoreOptions {
  /** The agent's workspace; sessions live in `<workspace>/sessions/`. `~` is expanded. */
  workspace: string;
  /** Sessions kept in memory (least recently used evicted). @default 64 */
  maxCachedSessions?: number;
  /** fsync after each append, so an acknowledged append survives a power loss. @default true */
  fsync?: boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

/** A session as loaded. */
export interface Session {
  key: string;
  /** The JSONL file. */
  file: string;
  /** From the metadata line; undefined for a new session. */
  createdAt: string | undefined;
  messages: readonly ChatMessage[];
  /** Torn or corrupt lines found while loading (they were skipped). */
  issues: readonly SessionIssue[];
}

interface State extends Session {
  messages: ChatMessage[];
  hasMeta: boolean;
  /** Bytes of whole lines; the file may hold a torn tail after them. */
  completeBytes: number;
  fileBytes: number;
}

const MessagesSchema = z.array(ChatMessageSchema).min(1);

/**
 * Session histories as JSONL files, one per session key, in `<workspace>/sessions/`. Each append is one line
 * written with a single `write` to an `O_APPEND` file and then fsynced, so it is on disk whole or (after a
 * crash) as a torn last line that loading reports and ignores; an assistant tool call and its results must be
 * appended together. Loads are cached (LRU); appends to one session are serialised.
 *
 * @example
 * const store = new SessionStore({ workspace: '~/.clawft/workspace' });
 * await store.append('cli:main', [{ role: 'user', content: 'hi' }]);
 * const { messages } = await store.load('cli:main');
 */
export class SessionStore {
  readonly #directory: string;
  readonly #cache: LruMap<string, State>;
  readonly #fsync: boolean;
  readonly #now: () => Date;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: SessionStoreOptions) {
    this.#directory = join(resolvePath(options.workspace), 'sessions');
    this.#cache = new LruMap(options.maxCachedSessions ?? 64);
    this.#fsync = options.fsync ?? true;
    this.#now = options.now ?? (() => new Date());
  }

  /** The file holding `key`'s history (inside the sessions directory, whatever the key). */
  fileFor(key: string): string {
    return join(this.#directory, sessionFileName(key));
  }

  /** The session's history; an unknown key gives an empty session. Read errors other than "missing" reject. */
  load(key: string, options: { signal?: AbortSignal } = {}): Promise<Session> {
    return this.#serial(key, async () => publicView(await this.#state(key, options.signal)));
  }

  /**
   * Appends `messages` as one record; resolves once it is written (and fsynced). `signal` is checked until the
   * write starts; a started write is finished, so that an append is never left half done by an abort.
   * @throws SessionError `incomplete-tool-call` when a tool call and its results are not all in `messages`;
   *   `invalid-message` when a message fails the schema.
   */
  append(
    key: string,
    messages: readonly ChatMessage[],
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    const parsed = MessagesSchema.safeParse(messages);
    if (!parsed.success) {
      const message = `cannot append to session "${key}": ${parsed.error.issues[0]?.message ?? 'invalid'}`;
      return Promise.reject(new SessionError({ kind: 'invalid-message', message, key, cause: parsed.error }));
    }
    const unmatched = unmatchedToolCall(parsed.data);
    if (unmatched !== undefined) {
      const message = `cannot append to session "${key}": ${unmatched}; append a tool call with its results`;
      return Promise.reject(new SessionError({ kind: 'incomplete-tool-call', message, key }));
    }
    return this.#serial(key, () => this.#append(key, parsed.data, options.signal));
  }

  /**
   * Deletes the session's file (after appends already queued for it); resolves `true` when there was one. The next
   * `load` of `key` gives an empty session.
   */
  remove(key: string): Promise<boolean> {
    return this.#serial(key, async () => {
      this.#cache.delete(key);
      const file = this.fileFor(key);
      try {
        await rm(file);
        return true;
      } catch (error) {
        if (isMissingFileError(error)) return false;
        throw error;
      }
    });
  }

  async #append(key: string, messages: ChatMessage[], signal: AbortSignal | undefined): Promise<void> {
    const state = await this.#state(key, signal);
    signal?.throwIfAborted();
    const at = this.#now().toISOString();
    const meta = state.hasMeta ? '' : encodeLine({ type: 'meta', version: 1, key, createdAt: at });
    const buffer = Buffer.from(meta + encodeLine({ type: 'messages', at, messages }), 'utf8');
    const created = state.fileBytes === 0;
    if (created) await mkdir(this.#directory, { recursive: true, mode: 0o700 });
    const handle = await open(state.file, 'a');
    try {
      // A torn tail from an earlier crash is cut off first, so the new line starts on a line boundary.
      if (state.fileBytes > state.completeBytes) await handle.truncate(state.completeBytes);
      this.#cache.delete(key); // until the write is known to be whole
      await writeAll(handle, buffer);
      if (this.#fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    if (created && this.#fsync) await syncDirectory(this.#directory);
    state.messages.push(...messages);
    state.hasMeta = true;
    state.createdAt ??= at;
    state.completeBytes += buffer.length;
    state.fileBytes = state.completeBytes;
    this.#cache.set(key, state);
  }

  async #state(key: string, signal: AbortSignal | undefined): Promise<State> {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const file = this.fileFor(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(file, signal ? { signal } : {});
    } catch (error) {
      if (!isMissingFileError(error)) throw error;
      bytes = Buffer.alloc(0);
    }
    const log = parseSessionLog(bytes);
    const state: State = {
      key,
      file,
      createdAt: log.meta?.createdAt,
      messages: log.messages,
      issues: log.issues,
      hasMeta: log.meta !== undefined,
      completeBytes: log.completeBytes,
      fileBytes: bytes.length,
    };
    this.#cache.set(key, state);
    return state;
  }

  #serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return result;
  }
}

function publicView(state: State): Session {
  const { key, file, createdAt, issues } = state;
  return { key, file, createdAt, messages: state.messages.slice(), issues };
}

/** One write of the whole buffer (O_APPEND); a short write, which local file systems do not do for regular files, continues. */
async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  for (let offset = 0; offset < buffer.length; ) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
    offset += bytesWritten;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
