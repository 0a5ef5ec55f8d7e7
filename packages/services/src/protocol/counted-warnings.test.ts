import { describe, expect, it } from 'vitest';
import { CountedWarnings } from './counted-warnings.js';

describe('CountedWarnings', () => {
  it('passes on the 1st, 10th and 100th of each message, with the count', () => {
    const lines: string[] = [];
    const warnings = new CountedWarnings({ warn: (message) => lines.push(message) });
    for (let index = 0; index < 100; index += 1) warnings.warn('a');
    warnings.warn('b');
    expect(lines).toEqual([
      'a',
      'a (10 times so far; logging each 10× more)',
      'a (100 times so far; logging each 10× more)',
      'b',
    ]);
    expect(warnings.count('a')).toBe(100);
  });

  it('keeps at most 1024 distinct messages', () => {
    const warnings = new CountedWarnings({ warn() {} });
    for (let index = 0; index < 5000; index += 1) warnings.warn(`message ${index}`);
    expect(warnings.count('message 0')).toBe(0);
    expect(warnings.count('message 4999')).toBe(1);
  });
});
