import {
  type LlmProvider,
  type ProviderSettings,
  ProviderSettingsSchema,
  type Timeouts,
} from '@clawft/types';
import type { SseEvent } from '@clawft/types/internal';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { createAnthropicProvider } from './anthropic.js';
import type { HttpProviderOptions } from './create-http-provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible.js';
import { presetFor } from './presets.js';

/** Settings for one provider slot as written in config.json `providers.<name>`. */
export type ProviderSettingsInput = z.input<typeof ProviderSettingsSchema>;

export interface CreateProviderOptions {
  /** config.json `timeouts`; the slot's own `timeouts` override them field by field. @default TimeoutsSchema defaults */
  timeouts?: Partial<Timeouts>;
  /** Where preset API-key variables are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** undici dispatcher. @default the shared keep-alive agent */
  dispatcher?: Dispatcher;
  /** Tolerant mode (see `HttpProviderOptions`). @default 0 */
  maxMalformedEvents?: number;
  onMalformedEvent?: (event: SseEvent) => void;
  /** The most bytes one SSE event may hold. @default 16777216 (16 MiB) */
  maxEventBytes?: number;
}

/**
 * A provider for slot `name` (`openai`, `anthropic`, `groq`, … or your own, which is OpenAI-compatible unless
 * `api` says otherwise) from its config.json settings over the built-in preset: base URL, API key (or the
 * preset's env variable), default headers plus `extraHeaders`, timers, prefill capability. Without a key where
 * the preset needs one, calls fail with `not-configured`. Wrap it in `withRetry` for retries.
 *
 * @throws ZodError when `settings` are invalid; TypeError when a `custom` slot has no `apiBase`.
 * @example
 * const groq = createProvider('groq', config.providers.groq, { timeouts: config.timeouts });
 */
export function createProvider(
  name: string,
  settings: ProviderSettingsInput = {},
  options: CreateProviderOptions = {},
): LlmProvider {
  const parsed: ProviderSettings = ProviderSettingsSchema.parse(settings);
  const preset = presetFor(name);
  const baseUrl = parsed.apiBase ?? preset.baseUrl;
  if (baseUrl === '') {
    throw new TypeError(
      `provider "${name}" has no preset: give providers.${name}.apiBase (got ${JSON.stringify(settings)})`,
    );
  }
  const env = options.env ?? process.env;
  const apiKey =
    parsed.apiKey ?? (preset.apiKeyEnv === undefined ? undefined : env[preset.apiKeyEnv]) ?? undefined;
  const timeouts: Partial<Timeouts> = { ...options.timeouts };
  for (const [key, value] of Object.entries(parsed.timeouts ?? {})) {
    if (value !== undefined) timeouts[key as keyof Timeouts] = value;
  }
  const common: HttpProviderOptions = {
    id: name,
    baseUrl,
    apiKey,
    headers: { ...preset.headers, ...parsed.extraHeaders },
    timeouts,
    assistantPrefill: parsed.assistantPrefill ?? preset.assistantPrefill,
    ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
    ...(options.maxMalformedEvents !== undefined && { maxMalformedEvents: options.maxMalformedEvents }),
    ...(options.onMalformedEvent !== undefined && { onMalformedEvent: options.onMalformedEvent }),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...(preset.requiresApiKey && {
      requireApiKey: { apiKeyHint: `set providers.${name}.apiKey or ${preset.apiKeyEnv ?? 'an API key'}` },
    }),
  };
  return (parsed.api ?? preset.api) === 'anthropic'
    ? createAnthropicProvider(common)
    : createOpenAiCompatibleProvider(common);
}
