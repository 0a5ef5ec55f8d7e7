import { describe, expect, it } from 'vitest';
import { collectSecrets } from './collect-secrets.js';
import { SecretRegistry } from './secret-registry.js';

describe('collectSecrets', () => {
  it('registers keys at any depth and in any shape, header values, secret env values and URL credentials', () => {
    const secrets = collectSecrets(
      {
        providers: {
          openai: {
            api_key: ['sk-in-array'],
            extra_headers: { 'X-Auth': 'hdr-value', Accept: 'text/plain' },
          },
          other: {
            apiKey: { nested: 'sk-in-object' },
            apiBase: 'https://u:pw-in-url@h/v1?token=tok-in-query',
          },
        },
        tools: {
          mcpServers: {
            gh: {
              args: ['--api-key', 'sk-in-args', '--token=tok-inline'],
              env: { GITHUB_TOKEN: 'ghp-env', LOG_LEVEL: 'debug' },
            },
          },
        },
        gateway: { tokens: { 'gw-token-key': 'alice' } },
      },
      new SecretRegistry(),
    );
    const values = secrets.values();
    for (const secret of [
      'sk-in-array',
      'hdr-value',
      'sk-in-object',
      'pw-in-url',
      'tok-in-query',
      'ghp-env',
      'gw-token-key',
    ]) {
      expect(values).toContain(secret);
    }
    expect(values).not.toContain('text/plain');
    expect(values).not.toContain('debug');
  });
});
