import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  sessionFileName,
  sessionKeyFromToken,
  sessionKeyToken,
  sessionKeyTokenPrefix,
} from './session-file-name.js';

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

describe('sessionKeyFromToken', () => {
  it('gives back every key whose token is not hashed, and nothing for hashed ones or non-tokens', () => {
    for (const key of KEYS) {
      const token = sessionKeyToken(key);
      expect(sessionKeyFromToken(token)).toBe(token.includes('~') ? undefined : key);
    }
    for (const token of ['%zz', 'A', 'a.b', '%C3', `${'x'.repeat(121)}`, 'x~0']) {
      expect(sessionKeyFromToken(token)).toBeUndefined();
    }
  });
});

describe('sessionKeyTokenPrefix', () => {
  it('is a prefix of the token of every key that starts with the prefix, hashed ones included', () => {
    const prefixes = [
      '',
      'gateway:',
      'gateway:al%ce/',
      'caf\u00e9',
      'x'.repeat(70),
      `a${'\u00e9'.repeat(40)}`,
    ];
    for (const prefix of prefixes) {
      for (const rest of ['', 'z', '/work', 'y'.repeat(300), '\u{1F600}'.repeat(50)]) {
        expect(sessionKeyToken(prefix + rest).startsWith(sessionKeyTokenPrefix(prefix))).toBe(true);
      }
    }
    expect(sessionKeyToken('gateway:bob/x').startsWith(sessionKeyTokenPrefix('gateway:alice/'))).toBe(false);
  });
});
