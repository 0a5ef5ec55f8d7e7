import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from './sse-parser.js';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return events;
}

describe('SseParser', () => {
  it('parses LF, CR and CRLF line endings alike', () => {
    expect(parse(['data: a\n\n', 'data: b\r\r', 'data: c\r\n\r\n']).map((event) => event.data)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('treats a CRLF split across chunks as one line ending', () => {
    expect(parse(['data: one\r', '\ndata: two\r', '\n\r', '\n'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('joins multi-line data, keeps event names and ids, and skips comments', () => {
    const events = parse([': keepalive\n', 'event: progress\nid: 7\ndata: {"a":\ndata: 1}\n\n']);
    expect(events).toEqual([{ event: 'progress', data: '{"a":\n1}', id: '7' }]);
  });

  it('joins a data line split across many chunks', () => {
    const payload = 'p'.repeat(10_000);
    const chunks = ['data: ', ...payload.match(/.{1,997}/g)!, '\n\n'];
    expect(parse(chunks)[0]?.data).toBe(payload);
  });

  it('dispatches a final event whose blank line never came when the stream ends', () => {
    expect(parse(['data: last'])).toEqual([{ event: 'message', data: 'last' }]);
  });

  it('ignores events without data', () => {
    expect(parse(['event: ping\n\n'])).toEqual([]);
  });
});
