import { describe, expect, it } from 'vitest';
import { maskExcerptLine } from './mask-excerpt.js';

describe('maskExcerptLine', () => {
  it('masks values after secret keys, quoted, bare or unterminated, keeping the length', () => {
    for (const line of [
      '"apiKey": sk-bare-secret,',
      '"api_key": "sk-open-secret',
      '"a": 1, "token": "tok-x" "b"',
    ]) {
      const masked = maskExcerptLine(line);
      expect(masked).toHaveLength(line.length);
      expect(masked).not.toMatch(/sk-bare-secret|sk-open-secret|tok-x/);
    }
    expect(maskExcerptLine('"a": 1, "token": "tok-x" "b"')).toBe('"a": 1, "token": "*****" "b"');
  });

  it('masks URL credentials and credential-looking words anywhere on the line', () => {
    const line = '"apiBase": "https://user:pw-secret@h/v1" "x": "AKIAABCDEFGH1234567890XYZ"';
    expect(maskExcerptLine(line)).not.toMatch(/pw-secret|AKIAABCDEFGH1234567890XYZ/);
  });
});
