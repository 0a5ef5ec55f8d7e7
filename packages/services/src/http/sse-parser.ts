/** One server-sent event. */
export interface SseEvent {
  /** @default "message" */
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental `text/event-stream` parser. Lines may end in LF, CR or CRLF, split anywhere across chunks;
 * each chunk is scanned once, so a multi-megabyte `data:` line costs linear time.
 */
export class SseParser {
  readonly #onEvent: (event: SseEvent) => void;
  #parts: string[] = [];
  #skipLeadingLf = false;
  #event = '';
  #data: string[] = [];
  #id: string | undefined;

  constructor(onEvent: (event: SseEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** Feeds decoded text. */
  feed(text: string): void {
    let start = 0;
    if (this.#skipLeadingLf && text.startsWith('\n')) start = 1;
    this.#skipLeadingLf = false;
    for (let index = start; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code !== 0x0a && code !== 0x0d) continue;
      const piece = text.slice(start, index);
      const line = this.#parts.length === 0 ? piece : this.#parts.join('') + piece;
      this.#parts = [];
      this.#line(line);
      if (code === 0x0d) {
        if (index + 1 === text.length) this.#skipLeadingLf = true;
        else if (text.charCodeAt(index + 1) === 0x0a) index += 1;
      }
      start = index + 1;
    }
    if (start < text.length) this.#parts.push(text.slice(start));
  }

  /** Ends the stream: a final event without its blank line is dispatched only if complete lines formed it. */
  end(): void {
    if (this.#parts.length > 0) this.#line(this.#parts.join(''));
    this.#parts = [];
    this.#line('');
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length > 0) {
        const event: SseEvent = { event: this.#event || 'message', data: this.#data.join('\n') };
        if (this.#id !== undefined) event.id = this.#id;
        this.#onEvent(event);
      }
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
  }
}
