import { ProviderError, type ProviderErrorKind } from '@clawft/types';
import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import anthropicErrors from './__fixtures__/anthropic-errors.json' with { type: 'json' };
import openAiErrors from './__fixtures__/openai-errors.json' with { type: 'json' };
import type { ErrorContext } from './error-context.js';
import { mapHttpError, mapInBandError } from './map-http-error.js';
import { mapNetworkError } from './map-network-error.js';

interface Row {
  name: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  kind: string;
  retryAfterMs?: number;
  requestId?: string;
}

const context: ErrorContext = {
  provider: 'p',
  model: 'm',
  phase: 'before-first-token',
  apiKey: 'sk-secret-123',
};

describe('mapHttpError', () => {
  describe.each([
    ['OpenAI', openAiErrors as Row[]],
    ['Anthropic', anthropicErrors as Row[]],
  ])('with recorded %s error bodies', (_api, rows) => {
    it.each(rows.map((row) => [row.name, row] as const))('maps %s', (_name, row) => {
      const body = typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
      const error = mapHttpError({ status: row.status, headers: row.headers, body }, context);
      expect(ProviderError.is(error)).toBe(true);
      expect(error.kind).toBe(row.kind);
      expect(error.status).toBe(row.status);
      expect(error.phase).toBe('before-first-token');
      expect(error.retryAfterMs).toBe(row.retryAfterMs);
      expect(error.requestId).toBe(row.requestId);
    });
  });

  it('redacts the API key when the server quotes it back', () => {
    const body = JSON.stringify({
      error: { message: 'Incorrect API key provided: sk-secret-123', code: 'invalid_api_key' },
    });
    const error = mapHttpError({ status: 401, headers: {}, body }, context);
    expect(error.message).not.toContain('sk-secret-123');
  });

  it('marks kinds that never succeed on a resend as not retryable', () => {
    const notRetryable: ProviderErrorKind[] = [
      'auth-failed',
      'context-length-exceeded',
      'content-filtered',
      'invalid-request',
    ];
    for (const row of [...openAiErrors, ...anthropicErrors] as Row[]) {
      const error = mapHttpError(
        { status: row.status, headers: row.headers, body: JSON.stringify(row.body) },
        context,
      );
      if (notRetryable.includes(error.kind)) expect(error.retryable, row.name).toBe(false);
    }
  });
});

describe('mapInBandError', () => {
  it('maps an Anthropic overloaded_error event after a 200 to overloaded', () => {
    const error = mapInBandError(
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      context,
    );
    expect(error.kind).toBe('overloaded');
    expect(error.status).toBeUndefined();
  });

  it('maps an OpenRouter error chunk carrying an HTTP code to that status', () => {
    const error = mapInBandError({ error: { code: 502, message: 'Provider returned error' } }, context);
    expect(error.kind).toBe('server-error');
    expect(error.status).toBe(502);
  });

  it('maps an unreadable error payload to server-error', () => {
    expect(mapInBandError('nonsense', context).kind).toBe('server-error');
  });
});

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('mapNetworkError', () => {
  it.each([
    ['ECONNRESET', withCode('read ECONNRESET', 'ECONNRESET'), 'network', true],
    ['ECONNREFUSED', withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'network', true],
    ['EPIPE', withCode('write EPIPE', 'EPIPE'), 'network', true],
    ['ENOTFOUND (DNS)', withCode('getaddrinfo ENOTFOUND api.example', 'ENOTFOUND'), 'network', true],
    ['EAI_AGAIN (DNS)', withCode('getaddrinfo EAI_AGAIN api.example', 'EAI_AGAIN'), 'network', true],
    [
      'undici socket error wrapping ECONNRESET',
      new undiciErrors.SocketError('other side closed'),
      'network',
      true,
    ],
    ['TLS certificate expired', withCode('certificate has expired', 'CERT_HAS_EXPIRED'), 'network', false],
    ['TLS self-signed', withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'network', false],
    [
      'TLS host mismatch',
      withCode("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'),
      'network',
      false,
    ],
    ['connect timeout', new undiciErrors.ConnectTimeoutError(), 'timeout', true],
  ])('maps %s', (_name, cause, kind, retryable) => {
    const error = mapNetworkError(cause, { ...context, phase: 'before-headers' });
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.phase).toBe('before-headers');
    expect(error.cause).toBe(cause);
    if (kind === 'timeout') expect(error.timeout).toBe('connect');
  });

  it('finds the code inside undici wrappers', () => {
    const wrapped = Object.assign(new undiciErrors.SocketError('other side closed'), {
      cause: withCode('read ECONNRESET', 'ECONNRESET'),
    });
    expect(mapNetworkError(wrapped, context).message).toContain('ECONNRESET');
  });
});
