import { McpError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { redactError, redactingLogger } from './redact-outputs.js';

const redact = (text: string) => text.split('s3cr3t-value').join('[redacted]');

describe('redactError', () => {
  it('returns the same error when there is nothing to redact', () => {
    const error = new McpError({ kind: 'process-exited', message: 'exited with code 1', exitCode: 1 });
    expect(redactError(error, redact)).toBe(error);
  });

  it('copies an error whose message, data or stderr tail holds a secret, keeping kind and fields', () => {
    const cause = new Error('inner');
    const error = new McpError({
      kind: 'http-error',
      message: 'HTTP 401: s3cr3t-value',
      status: 401,
      data: { echoed: 's3cr3t-value' },
      stderrTail: 'token s3cr3t-value',
      server: 'web',
      retryable: true,
      cause,
    });
    const redacted = redactError(error, redact);
    expect(redacted).toMatchObject({
      kind: 'http-error',
      message: 'HTTP 401: [redacted]',
      status: 401,
      data: { echoed: '[redacted]' },
      stderrTail: 'token [redacted]',
      server: 'web',
      retryable: true,
    });
    expect(redacted.cause).toBe(cause);
  });
});

describe('redactingLogger', () => {
  it('redacts the message and every field', () => {
    const lines: unknown[] = [];
    const logger = redactingLogger({ warn: (message, fields) => lines.push([message, fields]) }, redact);
    logger.warn('saw s3cr3t-value', { preview: { text: 's3cr3t-value' } });
    expect(lines).toEqual([['saw [redacted]', { preview: { text: '[redacted]' } }]]);
  });
});
