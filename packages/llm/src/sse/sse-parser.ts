/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field. @default "message" */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The `id:` field, when the event had one. */
  id?: string;
}

/**
 * Incremental SSE parser over bytes, per the WHATWG EventSource rules: UTF-8 characters split across chunks
 * (TextDecoder in stream mode), lines ending in CR, LF or CRLF (a CR at the end of a chunk included),
 * multi-line `data:`, comment lines (counted in `comments`, never dispatched), `event:` and `id:` fields.
 *
 * @example
 * const parser = new SseParser();
 * for await (const bytes of body) for (const event of parser.push(bytes)) handle(event);
 */
export class SseParser {
  /** Comment lines seen (`: keepalive`, `: OPENROUTER PROCESSING`). */
  comments = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
  private skipLeadingLf = false;
  private eventName = '';
  /** The data lines of the event being read, joined with LF; undefined before its first `data` line. */
  private data: string | undefined;
  private lastId: string | undefined;

  /** Feeds bytes; returns the events completed by them (often none, often several). */
  push(bytes: Uint8Array): SseEvent[] {
    let text = this.decoder.decode(bytes, { stream: true });
    if (this.skipLeadingLf && text !== '') {
      this.skipLeadingLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    if (this.carry !== '') {
      text = this.carry + text;
      this.carry = '';
    }
    return this.lines(text);
  }

  /** Ends the input. A final event not followed by a blank line is discarded, as the spec says. */
  end(): SseEvent[] {
    const rest = this.carry + this.decoder.decode();
    this.carry = '';
    const events = rest === '' ? [] : this.lines(`${rest}\n`);
    this.resetEvent();
    return events;
  }

  private lines(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    let cr = text.indexOf('\r');
    const length = text.length;
    while (start < length) {
      const lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 === length) {
          this.skipLeadingLf = true;
          next = length;
        } else next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        this.carry = text.slice(start);
        break;
      }
      const event = this.line(text, start, end);
      if (event !== undefined) events.push(event);
      start = next;
    }
    return events;
  }

  private line(text: string, start: number, end: number): SseEvent | undefined {
    if (start === end) return this.dispatch();
    const first = text.charCodeAt(start);
    if (first === 58 /* : */) {
      this.comments += 1;
      return undefined;
    }
    // Fast path for the line nearly every event is made of: `data:` (no field-name slice).
    if (first === 100 && text.startsWith('data:', start)) {
      this.addData(text, start + 5, end);
      return undefined;
    }
    const colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) {
      this.field(text.slice(start, end), text, end, end);
      return undefined;
    }
    this.field(text.slice(start, colon), text, colon + 1, end);
    return undefined;
  }

  /** Stores the data value found between `from` (just after the colon) and `end`. */
  private addData(text: string, from: number, end: number): void {
    const valueStart = text.charCodeAt(from) === 32 && from < end ? from + 1 : from;
    const value = valueStart >= end ? '' : text.slice(valueStart, end);
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }

  private field(field: string, text: string, from: number, end: number): void {
    if (field === 'data') {
      this.addData(text, from, end);
      return;
    }
    const valueStart = text.charCodeAt(from) === 32 && from < end ? from + 1 : from;
    const value = valueStart >= end ? '' : text.slice(valueStart, end);
    if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    // `retry` and unknown fields are ignored.
  }

  private dispatch(): SseEvent | undefined {
    const { data } = this;
    if (data === undefined) {
      this.eventName = '';
      return undefined;
    }
    const event: SseEvent = { event: this.eventName === '' ? 'message' : this.eventName, data };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.resetEvent();
    return event;
  }

  private resetEvent(): void {
    this.eventName = '';
    this.data = undefined;
  }
}
