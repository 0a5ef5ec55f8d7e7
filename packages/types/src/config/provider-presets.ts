/** Built-in settings for a known provider. */
export interface ProviderPreset {
  /** Wire protocol. */
  api: 'openai' | 'anthropic';
  /** Base URL (the API path is appended). Empty for `custom`, which must be given `apiBase`. */
  baseUrl: string;
  /** Environment variable read for the API key when the config gives none. */
  apiKeyEnv: string | undefined;
  /** Whether a call without a key is refused with `not-configured` (local servers need none). */
  requiresApiKey: boolean;
  /** Headers sent with every request. */
  headers: Readonly<Record<string, string>>;
  /** Accepts a trailing assistant message and continues it. */
  assistantPrefill: boolean;
  /**
   * OpenAI-compatible wire: the field `maxTokens` is sent as. `auto` (OpenAI itself, and unknown slots) sends
   * `max_completion_tokens` to o-series and gpt-5 models, which refuse `max_tokens`; compatible servers keep
   * `max_tokens` whatever the model is called.
   */
  maxTokensField: 'auto' | 'max_tokens';
}

const remote = (baseUrl: string, apiKeyEnv: string, extra: Partial<ProviderPreset> = {}): ProviderPreset => ({
  api: 'openai',
  baseUrl,
  apiKeyEnv,
  requiresApiKey: true,
  headers: {},
  assistantPrefill: false,
  maxTokensField: 'max_tokens',
  ...extra,
});

const local = (baseUrl: string, apiKeyEnv: string | undefined): ProviderPreset => ({
  ...remote(baseUrl, ''),
  apiKeyEnv,
  requiresApiKey: false,
});

const lmStudio = local('http://localhost:1234/v1', 'LMSTUDIO_API_KEY');

/**
 * The built-in presets, by provider slot name: the providers of the design (§1) plus the OpenAI-compatible slots
 * of nanobot (`nanobot/providers/registry.py`) and the Rust clawft (`clawft-types/src/config/mod.rs`), with
 * their spellings (`lm_studio`, `dashscope_coding_plan`). OAuth-only slots (`openai_codex`, `github_copilot`)
 * and non-LLM ones (`elevenlabs`) have none.
 */
export const PROVIDER_PRESETS: Readonly<Record<string, ProviderPreset>> = {
  openai: remote('https://api.openai.com/v1', 'OPENAI_API_KEY', { maxTokensField: 'auto' }),
  anthropic: remote('https://api.anthropic.com/v1', 'ANTHROPIC_API_KEY', {
    api: 'anthropic',
    assistantPrefill: true,
  }),
  openrouter: remote('https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', {
    headers: { 'HTTP-Referer': 'https://github.com/clawft/clawft', 'X-Title': 'clawft' },
    assistantPrefill: true,
  }),
  groq: remote('https://api.groq.com/openai/v1', 'GROQ_API_KEY'),
  deepseek: remote('https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY'),
  mistral: remote('https://api.mistral.ai/v1', 'MISTRAL_API_KEY'),
  together: remote('https://api.together.xyz/v1', 'TOGETHER_API_KEY'),
  gemini: remote('https://generativelanguage.googleapis.com/v1beta/openai', 'GEMINI_API_KEY'),
  xai: remote('https://api.x.ai/v1', 'XAI_API_KEY'),
  zhipu: remote('https://open.bigmodel.cn/api/paas/v4', 'ZAI_API_KEY'),
  dashscope: remote('https://dashscope.aliyuncs.com/compatible-mode/v1', 'DASHSCOPE_API_KEY'),
  dashscope_coding_plan: remote('https://coding.dashscope.aliyuncs.com/v1', 'DASHSCOPE_CODING_PLAN_API_KEY'),
  moonshot: remote('https://api.moonshot.ai/v1', 'MOONSHOT_API_KEY'),
  minimax: remote('https://api.minimax.io/v1', 'MINIMAX_API_KEY'),
  siliconflow: remote('https://api.siliconflow.cn/v1', 'SILICONFLOW_API_KEY'),
  volcengine: remote('https://ark.cn-beijing.volces.com/api/v3', 'ARK_API_KEY'),
  aihubmix: remote('https://aihubmix.com/v1', 'AIHUBMIX_API_KEY'),
  kilo: remote('https://api.kilo.ai/api/gateway', 'KILO_API_KEY'),
  ollama: local('http://localhost:11434/v1', 'OLLAMA_API_KEY'),
  vllm: local('http://localhost:8000/v1', 'VLLM_API_KEY'),
  lmstudio: lmStudio,
  lm_studio: lmStudio,
  custom: { ...local('', undefined), requiresApiKey: false, maxTokensField: 'auto' },
};

/** The preset for a slot name; unknown names get the `custom` preset (OpenAI-compatible, `apiBase` required). */
export function presetFor(name: string): ProviderPreset {
  return (
    (Object.hasOwn(PROVIDER_PRESETS, name) ? PROVIDER_PRESETS[name] : undefined) ??
    (PROVIDER_PRESETS.custom as ProviderPreset)
  );
}
