import type { LlmProvider } from '@clawft/types';
import { AnthropicDecoder } from './anthropic-decoder.js';
import { buildAnthropicRequest } from './anthropic-request.js';
import { createHttpProvider, type HttpProviderOptions } from './create-http-provider.js';
import type { WireAdapter } from './wire-adapter.js';

export interface AnthropicProviderOptions extends HttpProviderOptions {
  /** The `anthropic-version` header. @default "2023-06-01" */
  anthropicVersion?: string;
}

/**
 * A provider for Anthropic's Messages API (streaming, tool use, prefill).
 *
 * @example
 * const claude = createAnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY });
 */
export function createAnthropicProvider(options: AnthropicProviderOptions = {}): LlmProvider {
  const version = options.anthropicVersion ?? '2023-06-01';
  const adapter: WireAdapter = {
    api: 'anthropic',
    buildRequest: buildAnthropicRequest,
    authHeaders: (apiKey): Record<string, string> => ({
      'anthropic-version': version,
      ...(apiKey && { 'x-api-key': apiKey }),
    }),
    createDecoder: (origin) => new AnthropicDecoder(origin),
  };
  return createHttpProvider(adapter, {
    ...options,
    id: options.id ?? 'anthropic',
    baseUrl: options.baseUrl ?? 'https://api.anthropic.com/v1',
  });
}
