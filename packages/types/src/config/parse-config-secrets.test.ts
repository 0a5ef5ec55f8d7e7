import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { parseConfig } from './parse-config.js';

function failure(value: unknown): ConfigError {
  try {
    parseConfig(value);
  } catch (error) {
    if (ConfigError.is(error)) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the value');
}

function everything(error: ConfigError): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    JSON.stringify(error.toInfo()),
    inspect(error),
  ].join('\n');
}

describe('parseConfig secrets', () => {
  it('never prints a secret written as an array or an object', () => {
    const error = failure({
      providers: {
        openai: { api_key: ['sk-array-secret-1'] },
        groq: { apiKey: { value: 'sk-object-secret-2' } },
      },
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'providers.openai.api_key',
      'providers.groq.apiKey',
    ]);
    expect(everything(error)).not.toMatch(/sk-array-secret-1|sk-object-secret-2/);
  });

  it('never prints the userinfo of an invalid apiBase, nor a key copied into another field', () => {
    const error = failure({
      providers: {
        openai: {
          apiKey: 'sk-copied-secret-3',
          apiBase: 'https://sk-user-secret-4@',
          timeouts: 'sk-copied-secret-3',
        },
      },
    });
    expect(everything(error)).not.toMatch(/sk-copied-secret-3|sk-user-secret-4/);
  });

  it('reports a 5,000-level nested config as a ConfigError, not a RangeError', () => {
    const root: Record<string, unknown> = {};
    let cursor = root;
    for (let level = 0; level < 5000; level += 1) cursor = cursor.agents = {} as Record<string, unknown>;
    const error = failure(root);
    expect(error.kind).toBe('config-invalid');
    expect(error.message).toContain('nested more than 64 levels');
  });

  it('returns the registry of every secret it found', () => {
    const { secrets } = parseConfig({ providers: { openai: { apiKey: 'sk-registered-5' } } });
    expect(secrets.redact('echo sk-registered-5')).toBe('echo [redacted]');
  });
});
