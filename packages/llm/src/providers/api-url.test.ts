import { describe, expect, it } from 'vitest';
import { apiUrl } from './api-url.js';

describe('apiUrl', () => {
  it('appends the path, and keeps a query string of the base after it', () => {
    expect(apiUrl('https://h/v1', '/chat/completions')).toBe('https://h/v1/chat/completions');
    expect(apiUrl('https://h/v1/?api-version=2&key=k', '/chat/completions')).toBe(
      'https://h/v1/chat/completions?api-version=2&key=k',
    );
  });
});
