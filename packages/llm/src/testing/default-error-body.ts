import type { FakeApi } from './fake-script.js';

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

const OPENAI_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
};

/** A realistic error body for `status` in the API's shape, as the real services send it. */
export function defaultErrorBody(api: FakeApi, status: number): Record<string, unknown> {
  const message = `fake server: status ${status}`;
  if (api === 'anthropic') {
    const type = ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message } };
  }
  const [type, code] = OPENAI_TYPES[status] ?? [
    status >= 500 ? 'server_error' : 'invalid_request_error',
    null,
  ];
  return { error: { message, type, param: null, code } };
}
