import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: string[], maxLineBytes = 1024): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter({ maxLineBytes });
  for (const chunk of chunks) splitter.push(Buffer.from(chunk), (line) => lines.push(line.toString()));
  return lines;
}

describe('LineSplitter', () => {
  it('joins a line split across chunks, including a multi-byte character cut in half', () => {
    const euro = Buffer.from('€');
    const lines: string[] = [];
    const splitter = new LineSplitter({ maxLineBytes: 100 });
    splitter.push(Buffer.concat([Buffer.from('{"a":"'), euro.subarray(0, 1)]), (line) =>
      lines.push(line.toString()),
    );
    splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('"}\n')]), (line) =>
      lines.push(line.toString()),
    );
    expect(lines).toEqual(['{"a":"€"}']);
  });

  it('emits every line of a chunk that holds several, and keeps the unfinished tail', () => {
    const splitter = new LineSplitter({ maxLineBytes: 100 });
    const lines: string[] = [];
    splitter.push(Buffer.from('one\ntwo\nthr'), (line) => lines.push(line.toString()));
    expect(lines).toEqual(['one', 'two']);
    expect(splitter.pendingBytes).toBe(3);
    splitter.push(Buffer.from('ee\n'), (line) => lines.push(line.toString()));
    expect(lines).toEqual(['one', 'two', 'three']);
  });

  it('passes empty lines through for the caller to skip', () => {
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });

  it('throws message-too-large once an unfinished line passes the limit', () => {
    expect(() => split(['x'.repeat(600), 'x'.repeat(600)], 1000)).toThrow(
      expect.objectContaining({ kind: 'message-too-large' }),
    );
  });

  it('throws message-too-large for a complete line over the limit inside one chunk', () => {
    expect(() => split([`${'y'.repeat(20)}\n`], 10)).toThrow(
      expect.objectContaining({ kind: 'message-too-large' }),
    );
  });

  it('accepts a line of exactly the limit', () => {
    expect(split([`${'z'.repeat(10)}\n`], 10)).toEqual(['z'.repeat(10)]);
  });
});
