import {
  ConfigError,
  type ConfigIssue,
  collectSecrets,
  type LlmProvider,
  type ProviderSettings,
  ProviderSettingsSchema,
  SecretRegistry,
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
  /**
   * The app's redactor (`ConfigResult.secrets`): its values are kept out of this provider's error messages, as
   * are the slot's own key, credential header values and base-URL credentials. @default the slot's own only
   */
  secrets?: SecretRegistry;
}

/**
 * A provider for slot `name` (`openai`, `anthropic`, `groq`, … or your own, which is OpenAI-compatible unless
 * `api` says otherwise) from its config.json settings over the built-in preset: base URL, API key (or the
 * preset's env variable), default headers plus `extraHeaders`, timers, prefill capability. Without a key where
 * the preset needs one, calls fail with `not-configured`. Wrap it in `withRetry` for retries.
 *
 * @throws ConfigError (`config-invalid`, naming `providers.<name>.<field>`, never quoting a value) when
 *   `settings` are invalid or a slot with no preset has no `apiBase`.
 * @example
 * const groq = createProvider('groq', config.providers.groq, { timeouts: config.timeouts });
 */
export function createProvider(
  name: string,
  settings: ProviderSettingsInput = {},
  options: CreateProviderOptions = {},
): LlmProvider {
  const parsed = parseSettings(name, settings);
  const preset = presetFor(name);
  const baseUrl = parsed.apiBase ?? preset.baseUrl;
  if (baseUrl === '') {
    throw settingsError(name, [
      {
        path: `providers.${name}.apiBase`,
        received: 'nothing',
        expected: 'the base URL of an OpenAI-compatible API, e.g. "https://llm.example.com/v1"',
        message: `"${name}" is not a built-in provider, so it needs a base URL: set providers.${name}.apiBase`,
      },
    ]);
  }
  const env = options.env ?? process.env;
  const apiKey =
    parsed.apiKey ?? (preset.apiKeyEnv === undefined ? undefined : env[preset.apiKeyEnv]) ?? undefined;
  const timeouts: Partial<Timeouts> = { ...options.timeouts };
  for (const [key, value] of Object.entries(parsed.timeouts ?? {})) {
    if (value !== undefined) timeouts[key as keyof Timeouts] = value;
  }
  const secrets = collectSecrets(
    { apiKey, apiBase: baseUrl, extraHeaders: parsed.extraHeaders },
    new SecretRegistry().addAll(options.secrets ?? new SecretRegistry()),
  );
  const common: HttpProviderOptions = {
    id: name,
    baseUrl,
    apiKey,
    secrets: secrets.values(),
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
    : createOpenAiCompatibleProvider({ ...common, maxTokensField: preset.maxTokensField });
}

// Settings are user input that may hold the key: errors name fields and say what was expected, never the values.
function parseSettings(name: string, settings: ProviderSettingsInput): ProviderSettings {
  const result = ProviderSettingsSchema.safeParse(settings);
  if (result.success) return result.data;
  return settingsError(
    name,
    result.error.issues.map((issue) => {
      const path = [`providers.${name}`, ...issue.path.map(String)].join('.');
      return { path, received: '[not shown]', expected: issue.message, message: `${issue.message}` };
    }),
  );
}

function settingsError(name: string, issues: ConfigIssue[]): never {
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n');
  throw new ConfigError({
    kind: 'config-invalid',
    message: `Invalid settings for provider "${name}":\n${lines}\nFix them (docs/configuration.md lists every key).`,
    issues,
  });
}
