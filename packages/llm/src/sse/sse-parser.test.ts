import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from './sse-parser.js';

const encoder = new TextEncoder();

function parseAll(pieces: readonly Uint8Array[]): { events: SseEvent[]; comments: number } {
  const parser = new SseParser();
  const events = pieces.flatMap((piece) => parser.push(piece));
  events.push(...parser.end());
  return { events, comments: parser.comments };
}

function bytewise(text: string): Uint8Array[] {
  return Array.from(encoder.encode(text), (byte) => Uint8Array.of(byte));
}

describe('SseParser', () => {
  it('parses events with names, ids and multi-line data', () => {
    const { events } = parseAll([encoder.encode('event: delta\nid: 7\ndata: a\ndata: b\n\ndata:c\n\n')]);
    expect(events).toEqual([
      { event: 'delta', data: 'a\nb', id: '7' },
      { event: 'message', data: 'c', id: '7' },
    ]);
  });

  it('gives the same events whatever the chunking, with UTF-8 characters split across chunks', () => {
    const text = 'data: {"t":"héllo 👋 日本"}\n\nevent: x\ndata: ✓\n\n';
    const whole = parseAll([encoder.encode(text)]).events;
    expect(whole).toEqual([
      { event: 'message', data: '{"t":"héllo 👋 日本"}' },
      { event: 'x', data: '✓' },
    ]);
    expect(parseAll(bytewise(text)).events).toEqual(whole);
  });

  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
  ])('accepts %s line endings, also split between chunks', (_name, eol) => {
    const text = `data: one${eol}${eol}data: two${eol}data: 2b${eol}${eol}`;
    const expected = [
      { event: 'message', data: 'one' },
      { event: 'message', data: 'two\n2b' },
    ];
    expect(parseAll([encoder.encode(text)]).events).toEqual(expected);
    expect(parseAll(bytewise(text)).events).toEqual(expected);
  });

  it('treats a CR at the end of a chunk and a LF at the start of the next as one line end', () => {
    const { events } = parseAll([
      encoder.encode('data: a\r'),
      encoder.encode('\n\r'),
      encoder.encode('\ndata: b\r\n\r\n'),
    ]);
    expect(events).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('counts comment lines and never dispatches them', () => {
    const { events, comments } = parseAll([
      encoder.encode(': keepalive\n\n: OPENROUTER PROCESSING\n\ndata: x\n\n'),
    ]);
    expect(events).toEqual([{ event: 'message', data: 'x' }]);
    expect(comments).toBe(2);
  });

  it('keeps a data line with no space after the colon and an empty data field', () => {
    const { events } = parseAll([encoder.encode('data:x\n\ndata\n\ndata:\n\n')]);
    expect(events.map((event) => event.data)).toEqual(['x', '', '']);
  });

  it('drops an event that the end of input cuts before its blank line', () => {
    const { events } = parseAll([encoder.encode('data: complete\n\ndata: cut')]);
    expect(events).toEqual([{ event: 'message', data: 'complete' }]);
  });

  it('ignores retry and unknown fields, and blank lines without data', () => {
    const { events } = parseAll([encoder.encode('retry: 10\nfoo: bar\n\n\n\nevent: a\n\ndata: y\n\n')]);
    expect(events).toEqual([{ event: 'message', data: 'y' }]);
  });
});
