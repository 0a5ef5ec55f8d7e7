import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactSecrets, redactText } from './redact.js';

describe('isSecretKey', () => {
  it.each([
    'apiKey',
    'api_key',
    'OPENAI_API_KEY',
    'GITHUB_TOKEN',
    'client_secret',
    'Authorization',
    'x-api-key',
    'password',
  ])('treats %s as secret', (name) => expect(isSecretKey(name)).toBe(true));

  it.each(['maxTokens', 'inputTokens', 'max_tokens', 'keyboard', 'monkey', 'model', 'PATH'])(
    'does not treat %s as secret',
    (name) => expect(isSecretKey(name)).toBe(false),
  );
});

describe('redactSecrets', () => {
  it('replaces secret values at any depth and keeps everything else', () => {
    const value = { providers: { openai: { apiKey: 'sk-live-123', apiBase: 'https://x' } }, maxTokens: 10 };
    expect(redactSecrets(value)).toEqual({
      providers: { openai: { apiKey: REDACTED, apiBase: 'https://x' } },
      maxTokens: 10,
    });
    expect(value.providers.openai.apiKey).toBe('sk-live-123');
  });

  it('survives cycles', () => {
    const value: Record<string, unknown> = { token: 'abcdef' };
    value.self = value;
    expect(redactSecrets(value)).toEqual({ token: REDACTED, self: '[circular]' });
  });
});

describe('redactText', () => {
  it('removes every occurrence of a known secret and ignores very short ones', () => {
    expect(redactText('key sk-123456 again sk-123456 a', ['sk-123456', 'a'])).toBe(
      `key ${REDACTED} again ${REDACTED} a`,
    );
  });
});
