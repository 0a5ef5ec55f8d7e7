import { constants, type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage } from '@clawft/types';
import { isMissingFileError } from '../context/file-system.js';
import { KeyQueue } from '../shared/key-queue.js';
import { LruMap } from '../shared/lru-map.js';
import { resolvePath } from '../shared/resolve-path.js';
import { checkAppend } from './check-append.js';
import { listSessionFiles } from './list-session-files.js';
import { SessionError } from './session-error.js';
import {
  type FileVersion,
  sameVersion,
  statFile,
  syncDirectory,
  versionOf,
  writeAll,
} from './session-file.js';
import { sessionFileName } from './session-file-name.js';
import type { Session, SessionAppendOptions, SessionHistory } from './session-history.js';
import { encodeLine, parseSessionLog } from './session-log.js';
import { emptyState, publicView, readState, type State } from './session-state.js';
import type { SessionListOptions, SessionSummary } from './session-summary.js';

export type { Session } from './session-history.js';

/** A session's file open for one append, with its state and its version as the handle saw it before writing. */
interface OpenedSession {
  state: State;
  handle: FileHandle;
  before: FileVersion;
}

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

/**
 * Session histories as JSONL files, one per session key, in `<workspace>/sessions/`. Each append is one line
 * written with a single `write` to an `O_APPEND` file and then fsynced, so it is on disk whole or (after a
 * crash) as a torn last line that loading reports and ignores; an assistant tool call and its results must be
 * appended together. Several processes may share the directory: every load checks the file (`dev`, `ino`,
 * `size`, `mtimeMs`) and reads only what was appended since (all of it when the file shrank or was replaced), so a
 * cached history is never stale; an append checks the file it opened the same way (its `fstat`, no `stat` of the path
 * while it is as last read). Appends to one session are serialised within the process.
 *
 * @example
 * const store = new SessionStore({ workspace: '~/.clawft/workspace' });
 * await store.append('cli:main', [{ role: 'user', content: 'hi' }]);
 * const { messages } = await store.load('cli:main');
 */
export class SessionStore implements SessionHistory {
  readonly #directory: string;
  readonly #cache: LruMap<string, State>;
  readonly #fsync: boolean;
  readonly #now: () => Date;
  readonly #queue = new KeyQueue();

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
  load(key: string, options: { signal?: AbortSignal | undefined } = {}): Promise<Session> {
    return this.#queue.run(key, async () => publicView(key, await this.#state(key, options.signal)));
  }

  /**
   * Appends `messages` as one record (tagged with `messageId`, and `reply` for a turn's last); resolves once it is
   * written (and fsynced). `signal` is checked until the write starts; a started write is finished, so that an
   * append is never left half done by an abort.
   * @throws SessionError `incomplete-tool-call` when a tool call and its results are not all in `messages`;
   *   `invalid-message` when a message fails the schema.
   */
  append(key: string, messages: readonly ChatMessage[], options: SessionAppendOptions = {}): Promise<void> {
    const checked = checkAppend(key, messages);
    if (checked instanceof SessionError) return Promise.reject(checked);
    return this.#queue.run(key, () => this.#append(key, checked, options));
  }

  /**
   * Deletes the session's file (after appends already queued for it); resolves `true` when there was one. The next
   * `load` of `key` gives an empty session.
   */
  remove(key: string): Promise<boolean> {
    return this.#queue.run(key, async () => {
      this.#cache.delete(key);
      try {
        await rm(this.fileFor(key));
        return true;
      } catch (error) {
        if (isMissingFileError(error)) return false;
        throw error;
      }
    });
  }

  /**
   * The sessions in the directory whose key starts with `options.prefix`, most recently written first: the key and
   * `createdAt` from each file's meta line, `updatedAt` its mtime, `bytes` its size, `messages` and `issues` from
   * loading it (files of other keys are not opened). Files that are not sessions are skipped.
   */
  list(options: SessionListOptions = {}): Promise<SessionSummary[]> {
    const files = {
      directory: this.#directory,
      fileFor: (key: string) => this.fileFor(key),
      load: (key: string, loadOptions: { signal?: AbortSignal | undefined }) => this.load(key, loadOptions),
    };
    return listSessionFiles(files, options);
  }

  async #append(key: string, messages: ChatMessage[], options: SessionAppendOptions): Promise<void> {
    const { signal, messageId, reply } = options;
    const at = this.#now().toISOString();
    const record = encodeLine({
      type: 'messages',
      at,
      messages,
      ...(messageId === undefined ? {} : { messageId }),
      ...(reply === undefined ? {} : { reply }),
    });
    const { state, handle, before } =
      (await this.#openKnown(key, signal)) ?? (await this.#openCurrent(key, signal));
    let written: { start: number; buffer: Buffer; after: FileVersion };
    try {
      const meta = state.log.meta ? '' : encodeLine({ type: 'meta', version: 1, key, createdAt: at });
      let start = before.size;
      let separator = '';
      if (before.size > state.log.completeBytes) {
        // A torn tail (a crashed append) is cut off, but only while the file is as this process read it: once
        // another process has written, those bytes may be its line, now complete, so a line end is put first.
        if (sameVersion(state.version, before)) {
          await handle.truncate(state.log.completeBytes);
          start = state.log.completeBytes;
        } else separator = '\n';
      }
      const buffer = Buffer.from(separator + meta + record, 'utf8');
      await writeAll(handle, buffer);
      if (this.#fsync) await handle.sync();
      written = { start, buffer, after: versionOf(await handle.stat()) };
    } finally {
      await handle.close();
    }
    if (state.version === undefined && this.#fsync) await syncDirectory(this.#directory);
    const { start, buffer, after } = written;
    if (start === state.log.completeBytes && after.size === start + buffer.length) {
      // Nobody else wrote since the last read: the file is the log plus this line.
      parseSessionLog(buffer, state.log);
      state.version = after;
    } else {
      // Another process wrote too: read everything after the last line read, in the file's order.
      state.version = { ...after, size: -1 };
    }
    this.#cache.set(key, state);
  }

  /**
   * The file of a session this process has read, opened for appending (never created), when its `fstat` shows it
   * as last read: that stands in for a `stat` of the path. Undefined otherwise (not cached, gone, or changed).
   */
  async #openKnown(key: string, signal: AbortSignal | undefined): Promise<OpenedSession | undefined> {
    const state = this.#cache.get(key);
    // A version of size -1 is known stale (another process wrote too): the path is read first.
    if (state?.version === undefined || state.version.size < 0) return undefined;
    signal?.throwIfAborted();
    let opened: Omit<OpenedSession, 'state'>;
    try {
      opened = await openForAppend(state.file, constants.O_WRONLY | constants.O_APPEND);
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
    if (!sameVersion(state.version, opened.before)) {
      await opened.handle.close();
      return undefined;
    }
    this.#cache.delete(key); // until the write is known to be whole
    return { state, ...opened };
  }

  /** The session brought up to date with the file by path, and the file opened for appending (created if need be). */
  async #openCurrent(key: string, signal: AbortSignal | undefined): Promise<OpenedSession> {
    const state = await this.#state(key, signal);
    signal?.throwIfAborted();
    if (state.version === undefined) await mkdir(this.#directory, { recursive: true, mode: 0o700 });
    this.#cache.delete(key); // until the write is known to be whole
    return { state, ...(await openForAppend(state.file, 'a')) };
  }

  /** The state of `key`, brought up to date with the file. */
  async #state(key: string, signal: AbortSignal | undefined): Promise<State> {
    const file = this.fileFor(key);
    const cached = this.#cache.get(key);
    const current = await statFile(file);
    if (
      cached !== undefined &&
      (current === undefined ? cached.version === undefined : sameVersion(cached.version, current))
    )
      return cached;
    const state = current === undefined ? emptyState(file) : await readState(file, cached, current, signal);
    this.#cache.set(key, state);
    return state;
  }
}

/** `file` opened with `flags` and its version as the handle sees it; the handle is closed if the `fstat` fails. */
async function openForAppend(file: string, flags: string | number): Promise<Omit<OpenedSession, 'state'>> {
  const handle = await open(file, flags);
  try {
    return { handle, before: versionOf(await handle.stat()) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
