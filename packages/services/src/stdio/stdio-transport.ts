import { type ChildProcess, spawn } from 'node:child_process';
import { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import { createServerRedactor, type Redact } from '../errors/redactor.js';
import { alreadyStarted, startAborted } from '../errors/start-errors.js';
import type { JsonRpcMessage } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { describeCommand } from './command-secrets.js';
import { LineSplitter } from './line-splitter.js';
import { hasExited, terminate } from './process-group.js';
import { buildServerEnv } from './safe-env.js';
import { StderrTail } from './stderr-tail.js';
import { exitError, spawnError } from './stdio-errors.js';
import type { StdioTransportOptions } from './stdio-transport-options.js';
import { parseStdoutLine } from './stdout-line.js';
import { WriteQueue } from './write-queue.js';

/**
 * Runs an MCP server as a child process and speaks newline-delimited JSON-RPC over its stdin and stdout.
 * The child leads its own process group, so `close()` also ends any processes it started.
 *
 * @example
 * const transport = new StdioTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] });
 */
export class StdioTransport implements Transport {
  onmessage?: (message: unknown) => void;
  onclose?: (error: McpError | undefined) => void;
  onerror?: (error: Error) => void;

  readonly #options: StdioTransportOptions;
  readonly #logger: McpLogger;
  readonly #stderr: StderrTail;
  readonly #group: boolean;
  /** Takes the secrets of the command line and env (and `options.redact`'s) out of errors and logs. */
  readonly #redact: Redact;
  #child: ChildProcess | undefined;
  #writes: WriteQueue | undefined;
  #failure: McpError | undefined;
  #closing: Promise<void> | undefined;
  #stdoutEnded = false;
  #settleTimer: NodeJS.Timeout | undefined;

  constructor(options: StdioTransportOptions) {
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
    this.#stderr = new StderrTail(options.stderrTailBytes ?? 8192);
    this.#group = (options.processGroup ?? true) && process.platform !== 'win32';
    this.#redact = createServerRedactor(options, options.redact);
  }

  /** Process id of the server once started (also its process group id unless `processGroup` is false). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last bytes the server wrote to stderr. */
  get stderrTail(): string {
    // Secrets from env and args never reach an error message, even if the server prints them.
    return this.#redact(this.#stderr.text());
  }

  /**
   * Spawns the server; resolves once the process runs. Aborting `signal` before that kills it and rejects.
   * @throws McpError `spawn-failed` (also when called twice), `aborted`
   */
  start(options: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    if (this.#child !== undefined)
      return Promise.reject(alreadyStarted('StdioTransport', this.#options.server));
    if (signal?.aborted) return Promise.reject(startAborted(signal, this.#options.server));
    const child = this.#spawn();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        child.removeListener('spawn', onSpawn);
        reject(startAborted(signal!, this.#options.server));
        void this.close();
      };
      const onSpawn = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      child.once('spawn', onSpawn);
      child.once('error', (error: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        reject(this.#spawnError(error));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  send(message: JsonRpcMessage): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#writes === undefined || this.#closing !== undefined)
      return Promise.reject(this.#notConnected());
    return this.#writes.write(`${JSON.stringify(message)}\n`);
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  #spawn(): ChildProcess {
    const options = this.#options;
    const child = spawn(options.command, [...(options.args ?? [])], {
      env: buildServerEnv(options.env),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: this.#group,
      windowsHide: true,
    });
    this.#child = child;
    this.#attach(child);
    return child;
  }

  #attach(child: ChildProcess): void {
    const splitter = new LineSplitter({
      maxLineBytes: this.#options.maxLineBytes ?? 64 * 1024 * 1024,
      server: this.#options.server,
    });
    this.#writes = new WriteQueue(child.stdin!);
    // EPIPE after the server died is expected; the exit path reports it.
    child.stdin!.on('error', (error) => {
      if (this.#failure === undefined && this.#closing === undefined) {
        this.#logger.warn('writing to the MCP server failed', {
          server: this.#options.server,
          error: String(error),
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    child.stdout!.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk, (line) => this.#onLine(line));
      } catch (error) {
        // Framing is lost (a line over the limit): nothing more on this stdout can be trusted.
        const message = 'could not read the MCP server output';
        this.#fail(
          McpError.is(error)
            ? error
            : mcpError('protocol-error', message, { cause: error, server: this.#options.server }),
        );
        void this.close();
      }
    });
    child.stdout!.on('end', () => {
      this.#stdoutEnded = true;
      this.#settle(hasExited(child), this.#options.stdoutEndSettleMs ?? 500);
    });
    child.on('exit', () => this.#settle(this.#stdoutEnded, this.#options.exitSettleMs ?? 30));
    child.on('error', (error: NodeJS.ErrnoException) => this.#fail(this.#spawnError(error)));
  }

  #onLine(line: Buffer): void {
    const parsed = parseStdoutLine(line, this.#redact, this.#options.server);
    if (parsed.type === 'message') this.onmessage?.(parsed.message);
    else if (parsed.type === 'invalid' && this.onerror !== undefined) this.onerror(parsed.error);
    else if (parsed.type === 'invalid') {
      this.#logger.warn(parsed.error.message, { server: this.#options.server, ...(parsed.error.data ?? {}) });
    }
  }

  /**
   * Exit and stdout EOF come in either order; fail at once when both are in, else `waitMs` after the first (short
   * after the exit: a grandchild may hold stdout open; longer after EOF: the exit that names the code is near).
   */
  #settle(both: boolean, waitMs: number): void {
    if (this.#failure !== undefined) return;
    if (both) {
      clearTimeout(this.#settleTimer);
      this.#fail(this.#exitError());
      return;
    }
    this.#settleTimer ??= setTimeout(() => this.#fail(this.#exitError()), waitMs);
  }

  #fail(error: McpError): void {
    if (this.#failure !== undefined) return;
    clearTimeout(this.#settleTimer);
    this.#failure = error;
    this.#writes?.fail(error);
    this.onclose?.(this.#closing === undefined ? error : undefined);
  }

  async #shutdown(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.pid === undefined) {
      this.#fail(this.#notConnected());
      return;
    }
    const { closeGraceMs = 1000, killGraceMs = 1000 } = this.#options;
    await terminate(child, { closeGraceMs, killGraceMs, group: this.#group });
    child.stdout?.destroy();
    child.stderr?.destroy();
    this.#fail(this.#exitError());
  }

  #spawnError(error: NodeJS.ErrnoException): McpError {
    const { command, args, env, server } = this.#options;
    return spawnError(error, this.#redact(describeCommand(command, args, env)), this.#redact, server);
  }

  #exitError(): McpError {
    const label =
      this.#options.server ?? describeCommand(this.#options.command, this.#options.args, this.#options.env);
    return exitError(this.#child, label, this.stderrTail, this.#options.server);
  }

  #notConnected(): McpError {
    return mcpError('not-connected', 'the MCP server is not running', { server: this.#options.server });
  }
}
