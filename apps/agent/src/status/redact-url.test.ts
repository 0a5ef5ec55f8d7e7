import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('redacts the password and secret-looking query parameters', () => {
    expect(redactUrl('https://me:pw@example.com/v1?api_key=abc&region=eu')).toBe(
      'https://me:%5Bredacted%5D@example.com/v1?api_key=%5Bredacted%5D&region=eu',
    );
  });

  it('leaves URLs without credentials, and text that is not a URL, unchanged', () => {
    expect(redactUrl('http://127.0.0.1:8931/mcp')).toBe('http://127.0.0.1:8931/mcp');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
