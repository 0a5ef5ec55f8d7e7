import { describe, expect, it } from 'vitest';
import { IdSequence } from './id-sequence.js';

describe('IdSequence', () => {
  it('hands out distinct ids within a sequence and across sequences', () => {
    const first = new IdSequence();
    const second = new IdSequence();
    const ids = new Set<string>();
    for (let index = 0; index < 1000; index += 1) {
      ids.add(first.next());
      ids.add(second.next());
    }
    expect(ids.size).toBe(2000);
  });

  it('numbers the ids of one sequence after a fixed random prefix', () => {
    const sequence = new IdSequence();
    const [a, b] = [sequence.next(), sequence.next()];
    expect(a).toMatch(/^[0-9a-f-]{36}-0$/);
    expect(b).toBe(`${a.slice(0, -1)}1`);
  });
});
