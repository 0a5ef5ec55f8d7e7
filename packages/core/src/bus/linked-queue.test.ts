import { describe, expect, it } from 'vitest';
import { LinkedQueue } from './linked-queue.js';

describe('LinkedQueue', () => {
  it('removes any entry by handle in place and ignores a second removal', () => {
    const queue = new LinkedQueue<string>();
    const first = queue.push('a');
    const middle = queue.push('b');
    const last = queue.push('c');
    expect(queue.remove(middle)).toBe(true);
    expect(queue.remove(middle)).toBe(false);
    expect(queue.remove(last)).toBe(true);
    queue.push('d');
    expect(queue.remove(first)).toBe(true);
    expect(queue.size).toBe(1);
    expect(queue.shift()).toBe('d');
    expect(queue.shift()).toBeUndefined();
  });
});
