import { describe, expect, it } from 'vitest';
import { StderrTail } from './stderr-tail.js';

describe('StderrTail', () => {
  it('keeps only the last maxBytes across many chunks', () => {
    const tail = new StderrTail(10);
    for (const chunk of ['abc', 'defgh', 'ijklmnop', 'q']) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe('hijklmnopq');
  });

  it('keeps the end of a single chunk larger than the limit', () => {
    const tail = new StderrTail(4);
    tail.push(Buffer.from('0123456789'));
    expect(tail.text()).toBe('6789');
  });
});
