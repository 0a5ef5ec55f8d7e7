import { describe, expect, it } from 'vitest';
import { createServerRedactor, redactDeep, serverSecrets } from './redactor.js';

describe('serverSecrets', () => {
  it('takes secret env values and auth-like header values, the credential without its scheme too', () => {
    const secrets = serverSecrets({
      env: { API_TOKEN: 'tok-env-1234', PLAIN: 'not-secret' },
      headers: { Authorization: 'Bearer tok-bearer-5678', 'X-Auth': 'tok-xauth-9012', Accept: 'text/plain' },
    });
    expect(secrets).toEqual(
      expect.arrayContaining(['tok-env-1234', 'Bearer tok-bearer-5678', 'tok-bearer-5678', 'tok-xauth-9012']),
    );
    expect(secrets).not.toContain('not-secret');
    expect(secrets).not.toContain('text/plain');
  });
});

describe('createServerRedactor', () => {
  it('redacts the server’s own secrets, then applies the extra redactor', () => {
    const redact = createServerRedactor({ env: { GITHUB_TOKEN: 'ghp-own-secret' } }, (text) =>
      text.replace('registry-value', '[registry]'),
    );
    expect(redact('a ghp-own-secret and registry-value')).toBe('a [redacted] and [registry]');
  });
});

describe('redactDeep', () => {
  it('redacts strings and keys at any depth up to the cap', () => {
    const redact = (text: string) => text.replace('s3cr3t', '[x]');
    expect(redactDeep({ s3cr3t: ['s3cr3t', 1, null] }, redact)).toEqual({ '[x]': ['[x]', 1, null] });
    let nested: unknown = 's3cr3t';
    for (let depth = 0; depth < 5000; depth += 1) nested = { next: nested };
    expect(JSON.stringify(redactDeep(nested, redact))).toContain('[too deep]');
  });
});
