import { mcpError } from '../errors/mcp-error-factory.js';

const NEWLINE = 0x0a;

/** Options for `LineSplitter`. */
export interface LineSplitterOptions {
  /** Largest line accepted, in bytes, newline excluded. */
  maxLineBytes: number;
  /** Server name put on errors. */
  server?: string | undefined;
}

/**
 * Splits a byte stream into newline-terminated lines in linear time: each new chunk is scanned once for
 * `\n`, and the bytes of a line are copied once, when the line completes.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #server: string | undefined;
  #parts: Buffer[] = [];
  #pendingBytes = 0;

  constructor(options: LineSplitterOptions) {
    this.#maxLineBytes = options.maxLineBytes;
    this.#server = options.server;
  }

  /**
   * Feeds one chunk; calls `onLine` with each completed line (without its `\n`).
   * @throws McpError `message-too-large` once a line grows past `maxLineBytes`
   */
  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      this.#check(this.#pendingBytes + newline - start);
      const tail = chunk.subarray(start, newline);
      const line = this.#parts.length === 0 ? tail : Buffer.concat([...this.#parts, tail]);
      this.#parts = [];
      this.#pendingBytes = 0;
      onLine(line);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#check(this.#pendingBytes + rest.length);
      this.#parts.push(rest);
      this.#pendingBytes += rest.length;
    }
  }

  /** Bytes held for an unfinished line. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  #check(lineBytes: number): void {
    if (lineBytes <= this.#maxLineBytes) return;
    this.#parts = [];
    this.#pendingBytes = 0;
    const message = `MCP server sent a line longer than ${this.#maxLineBytes} bytes; raise maxLineBytes if it is legitimate`;
    throw mcpError('message-too-large', message, { server: this.#server });
  }
}
