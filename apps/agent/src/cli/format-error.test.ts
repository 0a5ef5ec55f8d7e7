import { BusError, ConfigError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { formatError } from './format-error.js';

describe('formatError', () => {
  it('prints a ConfigError message as it is, without a stack', () => {
    const error = new ConfigError({ kind: 'config-not-found', message: 'No config file at /x.' });
    expect(formatError(error)).toBe('clawft: No config file at /x.\n');
  });

  it('prints other clawft errors with their kind, and anything else as unexpected', () => {
    expect(formatError(new BusError({ kind: 'bus-closed', message: 'closed' }))).toBe(
      'clawft: bus-closed: closed\n',
    );
    expect(formatError(new Error('boom'))).toBe('clawft: unexpected error: boom\n');
  });
});
