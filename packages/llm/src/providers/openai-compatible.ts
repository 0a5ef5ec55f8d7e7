import type { LlmProvider } from '@clawft/types';
import { createHttpProvider, type HttpProviderOptions } from './create-http-provider.js';
import { OpenAiDecoder } from './openai-decoder.js';
import { buildOpenAiRequest, type OpenAiRequestOptions } from './openai-request.js';
import type { WireAdapter } from './wire-adapter.js';

export interface OpenAiCompatibleProviderOptions extends HttpProviderOptions, OpenAiRequestOptions {}

/**
 * A provider for any OpenAI-compatible chat-completions endpoint (OpenAI, OpenRouter, Groq, DeepSeek, Mistral,
 * Together, Gemini's OpenAI endpoint, xAI, Ollama, vLLM, LM Studio, …).
 *
 * @example
 * const openai = createOpenAiCompatibleProvider({ apiKey: process.env.OPENAI_API_KEY });
 * const answer = await openai.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
 */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions = {}): LlmProvider {
  const requestOptions: OpenAiRequestOptions = {
    ...(options.streamUsage !== undefined && { streamUsage: options.streamUsage }),
    ...(options.maxTokensField !== undefined && { maxTokensField: options.maxTokensField }),
  };
  const adapter: WireAdapter = {
    api: 'openai',
    buildRequest: (request, model) => buildOpenAiRequest(request, model, requestOptions),
    authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    createDecoder: (origin) => new OpenAiDecoder(origin),
  };
  return createHttpProvider(adapter, {
    ...options,
    id: options.id ?? 'openai',
    baseUrl: options.baseUrl ?? 'https://api.openai.com/v1',
  });
}
