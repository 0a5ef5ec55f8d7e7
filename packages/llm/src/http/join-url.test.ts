import { describe, expect, it } from 'vitest';
import { joinUrl } from './join-url.js';

describe('joinUrl', () => {
  it('appends the path to the pathname and keeps the query string of the base after it', () => {
    expect(joinUrl('https://h/v1', '/chat/completions')).toBe('https://h/v1/chat/completions');
    expect(joinUrl('https://h/v1/?api-version=2&key=k', '/chat/completions')).toBe(
      'https://h/v1/chat/completions?api-version=2&key=k',
    );
  });

  it('throws a TypeError for a base that is not an absolute URL', () => {
    expect(() => joinUrl('/v1 without a host', '/chat/completions')).toThrow(TypeError);
  });
});
