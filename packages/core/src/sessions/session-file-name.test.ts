import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFileName } from './session-file-name.js';

const KEYS = [
  'telegram:42',
  'a/b',
  '../../etc/passwd',
  '..',
  '.',
  '',
  'C:\\Windows\\system32',
  'caf\u00e9',
  'cafe\u0301',
  '\u{1F600} emoji',
  'CLI:Main',
  'cli:main',
  'nul\u0000byte',
  '%2F',
  'x'.repeat(5000),
  `${'x'.repeat(5000)}y`,
];

describe('sessionFileName', () => {
  it('keeps readable keys readable', () => {
    expect(sessionFileName('telegram:42')).toBe('telegram%3A42.jsonl');
    expect(sessionFileName('a/b')).toBe('a%2Fb.jsonl');
  });

  it('maps every key to a plain name inside the directory, under 255 bytes', () => {
    for (const key of KEYS) {
      const name = sessionFileName(key);
      expect(name).toMatch(/^[a-z0-9_%~A-F-]+\.jsonl$/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(relative('/sessions', join('/sessions', name))).toBe(name);
    }
  });

  it('gives distinct keys distinct names, even ignoring case', () => {
    const names = KEYS.map((key) => sessionFileName(key).toLowerCase());
    expect(new Set(names).size).toBe(KEYS.length);
  });

  it('hashes long keys', () => {
    expect(sessionFileName('x'.repeat(5000))).toMatch(/^x{64}~[0-9a-f]{64}\.jsonl$/);
  });
});
