import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('stays first in, first out across wrap-around and growth', () => {
    const buffer = new RingBuffer<number>();
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round += 1) {
      for (let index = 0; index < round; index += 1) buffer.push(next++);
      for (let index = 0; index < round / 2; index += 1) out.push(buffer.shift() as number);
    }
    while (buffer.size > 0) out.push(buffer.shift() as number);
    expect(out).toEqual(Array.from({ length: next }, (_, index) => index));
    expect(buffer.shift()).toBeUndefined();
    expect(buffer.peek()).toBeUndefined();
  });
});
