import { describe, expect, it } from 'vitest';
import { KeyLock } from './key-lock.js';

describe('KeyLock', () => {
  it('shares between readers and excludes a writer until they release', () => {
    const lock = new KeyLock();
    expect(lock.tryTake('read')).toBe(true);
    expect(lock.tryTake('read')).toBe(true);
    expect(lock.tryTake('write')).toBe(false);
    const granted: string[] = [];
    lock.wait('write', () => granted.push('writer'));
    lock.release('read');
    expect(granted).toEqual([]);
    lock.release('read');
    expect(granted).toEqual(['writer']);
    lock.release('write');
    expect(lock.idle).toBe(true);
  });

  it('keeps readers that come after a waiting writer behind it (writers never starve)', () => {
    const lock = new KeyLock();
    lock.tryTake('read');
    const granted: string[] = [];
    lock.wait('write', () => granted.push('writer'));
    expect(lock.tryTake('read')).toBe(false);
    lock.wait('read', () => granted.push('reader-1'));
    lock.wait('read', () => granted.push('reader-2'));
    lock.release('read');
    expect(granted).toEqual(['writer']);
    lock.release('write');
    expect(granted).toEqual(['writer', 'reader-1', 'reader-2']);
  });

  it('lets the readers behind a writer that leaves the queue go ahead', () => {
    const lock = new KeyLock();
    lock.tryTake('read');
    const granted: string[] = [];
    const leave = lock.wait('write', () => granted.push('writer'));
    lock.wait('read', () => granted.push('reader'));
    leave();
    expect(granted).toEqual(['reader']);
    lock.release('read');
    lock.release('read');
    expect(lock.idle).toBe(true);
  });
});
