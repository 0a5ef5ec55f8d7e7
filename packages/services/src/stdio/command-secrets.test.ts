import { describe, expect, it } from 'vitest';
import { commandSecrets, describeCommand } from './command-secrets.js';

describe('commandSecrets', () => {
  it('finds secrets after secret-named flags, in name=value pairs, URL passwords and key-shaped arguments', () => {
    const args = [
      '--token',
      'tok-after-flag',
      '--api-key=value-in-pair',
      'https://api.example.com/v1?client_secret=query-secret&limit=10',
      'https://user:url-password@example.com/db',
      'sk-proj-abcdefghijklmnop1234',
      '--max-tokens',
      '4096',
      '/data',
    ];
    expect(commandSecrets(args, { GITHUB_TOKEN: 'env-secret', LOG_LEVEL: 'debug' })).toEqual([
      'env-secret',
      'tok-after-flag',
      'value-in-pair',
      'query-secret',
      'url-password',
      'sk-proj-abcdefghijklmnop1234',
    ]);
  });
});

describe('describeCommand', () => {
  it('shows the command and its arguments with every secret redacted', () => {
    const line = describeCommand('mcp-server', ['--api-key', 'sk-live-0123456789abcdef', '--port', '8080'], {
      API_TOKEN: 'never-shown',
    });
    expect(line).toBe('mcp-server --api-key [redacted] --port 8080');
  });
});
