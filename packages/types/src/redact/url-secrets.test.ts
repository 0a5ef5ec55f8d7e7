import { describe, expect, it } from 'vitest';
import { REDACTED } from './redact.js';
import { redactUrl, urlSecrets } from './url-secrets.js';

describe('urlSecrets', () => {
  it('finds userinfo, secret-named query parameters and key-like path segments', () => {
    const found = urlSecrets(
      'https://KEYUSER1@h/bot123456:AAFakeTelegramToken999/x?auth=A1&token=T2&sig=S3&api-key=K4&access_token=T5&region=eu',
    );
    for (const secret of ['KEYUSER1', 'bot123456:AAFakeTelegramToken999', 'A1', 'T2', 'S3', 'K4', 'T5']) {
      expect(found).toContain(secret);
    }
    expect(found).not.toContain('eu');
    expect(urlSecrets('https://h/v1/key/abc123/chat')).toContain('abc123');
  });
});

describe('redactUrl', () => {
  it('redacts user and password, secret query values and path keys, keeping the rest', () => {
    expect(redactUrl('https://me:pw@example.com/v1?api_key=abc&region=eu')).toBe(
      `https://${REDACTED}@example.com/v1?api_key=${REDACTED}&region=eu`,
    );
    expect(redactUrl('https://h/v1/bot123456:AAFakeTelegramToken999/send')).toBe(
      `https://h/v1/${REDACTED}/send`,
    );
  });

  it('leaves URLs without credentials, and text that is not a URL, unchanged', () => {
    expect(redactUrl('http://127.0.0.1:8931/mcp')).toBe('http://127.0.0.1:8931/mcp');
    expect(redactUrl('https://generativelanguage.googleapis.com/v1beta/openai')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
