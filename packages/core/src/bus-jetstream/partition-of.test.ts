import { describe, expect, it } from 'vitest';
import { partitionOf } from './partition-of.js';

describe('partitionOf', () => {
  it('maps a session key to the same partition every time (FNV-1a: "a" → 0xe40c292c)', () => {
    expect(partitionOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(partitionOf('http:chat-7', 16)).toBe(partitionOf('http:chat-7', 16));
  });

  it('spreads 1,000 sessions over 16 partitions, none left empty or holding more than twice its share', () => {
    const counts = new Array<number>(16).fill(0);
    for (let index = 0; index < 1000; index += 1) {
      const partition = partitionOf(`http:session-${index}`, 16);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan(2 * (1000 / 16));
  });
});
