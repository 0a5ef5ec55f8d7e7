import { SseError } from './sse-error.js';
import { type SseField, sseFieldOf } from './sse-field.js';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field. @default "message" */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` field seen on the stream so far (it carries over to later events), when there was one. */
  id?: string;
}

/**
 * Receives the events of `SseParser.pushTo` as they complete, without an `SseEvent` object or an array per event.
 * `event` gets the event type (`message` by default), the data and the last id; returning true stops the parse
 * there: the rest of the chunk is not read, so the caller must be done with the stream.
 */
export interface SseSink {
  event(type: string, data: string, id: string | undefined): boolean;
}

/** Options of `SseParser`. */
export interface SseParserOptions {
  /**
   * The most bytes one event may hold (its data lines, and a line still being read); beyond it `push` throws.
   * @default 16777216 (16 MiB)
   */
  maxEventBytes?: number | undefined;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** Whether `line[start, end)` begins `data:`. */
function isDataLine(line: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 5 &&
    line[start] === 0x64 &&
    line[start + 1] === 0x61 &&
    line[start + 2] === 0x74 &&
    line[start + 3] === 0x61 &&
    line[start + 4] === 0x3a
  );
}

/**
 * Incremental SSE parser over bytes, per the WHATWG EventSource rules: lines end in LF, CR or CRLF (split across
 * chunks too), multi-line `data:`, comments (counted in `comments`, never dispatched), `event`, `id` (carried over
 * to later events; one holding NUL is ignored), `retry` (in `retryMs`), a leading BOM dropped. Lines are cut on
 * bytes (CR and LF never occur inside a UTF-8 character) and each value is decoded once, so a character split
 * across chunks is whole and the work is linear in bytes: nothing carried over is scanned again.
 *
 * `end()` follows the spec: an event that the input cuts before its blank line is discarded.
 *
 * @throws SseError `event-too-large` from `push` when an event exceeds `maxEventBytes`; the parser is spent then.
 * @example
 * const parser = new SseParser({ maxEventBytes: 1 << 20 });
 * for await (const bytes of body) for (const event of parser.push(bytes)) handle(event);
 * parser.end();
 */
export class SseParser {
  /** Comment lines seen (`: keepalive`, `: OPENROUTER PROCESSING`). */
  comments = 0;
  /** The last valid `retry:` field, in ms. */
  retryMs: number | undefined;
  readonly #maxEventBytes: number;
  /** The start of a line that the previous chunks did not finish. */
  #carry: Buffer[] = [];
  #carryBytes = 0;
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
  #skipLeadingLf = false;
  #atStart = true;
  #eventName = '';
  /** The event's first `data:` line, and any later ones: an array only for multi-line data (no array per event). */
  #firstData: string | undefined;
  #moreData: string[] = [];
  #dataBytes = 0;
  #lastId: string | undefined;
  /** The last `event:` value and its bytes: a stream repeats a few names, so a repeated one is not decoded again. */
  #lastName = '';
  #lastNameBytes: Buffer = Buffer.alloc(0);

  constructor(options: SseParserOptions = {}) {
    const max = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    if (!Number.isInteger(max) || max < 1) {
      throw new TypeError(
        `SseParser: maxEventBytes must be a positive whole number of bytes, got ${String(max)}`,
      );
    }
    this.#maxEventBytes = max;
  }

  /** Feeds bytes; returns the events they complete (often none, often several). */
  push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    this.pushTo(chunk, {
      event(type, data, id) {
        events.push(id === undefined ? { event: type, data } : { event: type, data, id });
        return false;
      },
    });
    return events;
  }

  /**
   * Feeds bytes and hands each event they complete to `sink` as it completes (the same events as `push`, in the
   * same order, without an object or an array per event). Stops early when `sink.event` returns true; an error
   * thrown by the sink propagates, and the parser is spent then.
   */
  pushTo(chunk: Uint8Array, sink: SseSink): void {
    // A Buffer view (no copy): its `indexOf` and `toString` are the fastest ways Node has to find and decode.
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const length = bytes.length;
    let start = 0;
    if (length > 0 && this.#skipLeadingLf) {
      this.#skipLeadingLf = false;
      if (bytes[0] === LF) start = 1;
    }
    let lf = bytes.indexOf(LF, start);
    let cr = bytes.indexOf(CR, start);
    while (start < length) {
      if (lf !== -1 && lf < start) lf = bytes.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = bytes.indexOf(CR, start);
      let end: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) end = cr;
      else if (lf !== -1) end = lf;
      else {
        this.#keep(bytes.slice(start));
        break;
      }
      // A line within this chunk is read in place (no view per line); one that began in an earlier chunk is
      // copied together once.
      const stop =
        this.#carry.length === 0
          ? this.#line(sink, bytes, start, end)
          : this.#line(sink, this.#joined(bytes, start, end));
      start = end + 1;
      if (end === cr) {
        if (start === length) this.#skipLeadingLf = true;
        else if (bytes[start] === LF) start += 1;
      }
      if (stop) return;
    }
  }

  /** Ends the input: a line or event not finished by then is discarded, as the spec says. */
  end(): void {
    this.#carry = [];
    this.#carryBytes = 0;
    this.#resetEvent();
  }

  #keep(rest: Buffer): void {
    this.#carry.push(rest);
    this.#carryBytes += rest.length;
    this.#checkSize();
  }

  /** The line from the carried pieces plus `bytes[start, end)`, copied once. */
  #joined(bytes: Buffer, start: number, end: number): Buffer {
    const line = Buffer.allocUnsafe(this.#carryBytes + end - start);
    let offset = 0;
    for (const piece of this.#carry) {
      line.set(piece, offset);
      offset += piece.length;
    }
    line.set(bytes.subarray(start, end), offset);
    this.#carry = [];
    this.#carryBytes = 0;
    return line;
  }

  /** Handles the line `line[start, end)` (the whole of `line` when no bounds are given); true: the sink stopped. */
  #line(sink: SseSink, line: Buffer, start = 0, end = line.length): boolean {
    if (this.#atStart) {
      this.#atStart = false;
      // A UTF-8 byte order mark at the very start of the stream is not part of the first line.
      if (line[start] === 0xef && line[start + 1] === 0xbb && line[start + 2] === 0xbf) start += 3;
    }
    if (start >= end) return this.#dispatch(sink);
    // Nearly every line is `data:` (what `sseFieldOf` would say, without its scan).
    const field = isDataLine(line, start, end) ? 'data' : sseFieldOf(line, start, end);
    if (field === 'comment') this.comments += 1;
    else if (field !== undefined) this.#field(field, line, start + field.length + 1, end);
    return false;
  }

  #value(line: Buffer, from: number, end: number): string {
    const start = from < end && line[from] === SPACE ? from + 1 : from;
    return start >= end ? '' : line.toString('utf8', start, end);
  }

  #field(field: Exclude<SseField, 'comment'>, line: Buffer, from: number, end: number): void {
    if (field === 'event') {
      this.#eventName = this.#name(line, from, end);
      return;
    }
    const value = this.#value(line, from, end);
    if (field === 'data') {
      if (this.#firstData === undefined) this.#firstData = value;
      else this.#moreData.push(value);
      this.#dataBytes += end - from + 1;
      this.#checkSize();
    } else if (field === 'id') {
      if (!value.includes('\0')) this.#lastId = value;
    } else if (/^\d+$/.test(value)) this.retryMs = Number(value);
  }

  /** The `event:` value of `line[from, end)`: the last name again when its bytes are the same, else decoded. */
  #name(line: Buffer, from: number, end: number): string {
    const start = from < end && line[from] === SPACE ? from + 1 : from;
    const cached = this.#lastNameBytes;
    const length = end - start;
    if (length === cached.length) {
      let index = 0;
      while (index < length && line[start + index] === cached[index]) index += 1;
      if (index === length) return this.#lastName;
    }
    const name = this.#value(line, from, end);
    this.#lastName = name;
    this.#lastNameBytes = Buffer.from(line.subarray(start, end));
    return name;
  }

  #checkSize(): void {
    if (this.#carryBytes + this.#dataBytes <= this.#maxEventBytes) return;
    throw new SseError({
      kind: 'event-too-large',
      maxEventBytes: this.#maxEventBytes,
      message: `an SSE event exceeded ${this.#maxEventBytes} bytes; raise maxEventBytes if the server's events are legitimately that large`,
    });
  }

  /** The blank line: hands the event over (if it has data) and starts the next; true: the sink stopped. */
  #dispatch(sink: SseSink): boolean {
    const first = this.#firstData;
    if (first === undefined) {
      this.#eventName = '';
      return false;
    }
    const type = this.#eventName === '' ? 'message' : this.#eventName;
    const data = this.#moreData.length === 0 ? first : [first, ...this.#moreData].join('\n');
    this.#resetEvent();
    return sink.event(type, data, this.#lastId);
  }

  #resetEvent(): void {
    this.#eventName = '';
    this.#firstData = undefined;
    if (this.#moreData.length > 0) this.#moreData = [];
    this.#dataBytes = 0;
  }
}
