import { describe, expect, it } from 'vitest';
import { closestKey, toCamelCase } from './key-case.js';

describe('toCamelCase', () => {
  it('turns snake_case and kebab-case into camelCase', () => {
    expect(toCamelCase('max_tool_iterations')).toBe('maxToolIterations');
    expect(toCamelCase('max-result-bytes')).toBe('maxResultBytes');
    expect(toCamelCase('reset_hour_utc')).toBe('resetHourUtc');
  });

  it('leaves camelCase and single words unchanged', () => {
    expect(toCamelCase('maxTokens')).toBe('maxTokens');
    expect(toCamelCase('retry')).toBe('retry');
  });
});

describe('closestKey', () => {
  const known = ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'jitter', 'budget'];

  it('suggests the key a typo most likely meant, whatever its case style', () => {
    expect(closestKey('max_retry', known)).toBe('maxRetries');
    expect(closestKey('base_delay', known)).toBe('baseDelayMs');
    expect(closestKey('jiter', known)).toBe('jitter');
  });

  it('suggests nothing when no key is close', () => {
    expect(closestKey('channels', known)).toBeUndefined();
    expect(closestKey('foo', known)).toBeUndefined();
  });
});
