import { type Config, defaultProvider, presetFor } from '@clawft/types';
import type { ProviderStatus } from './build-status.js';

/** Which provider serves `agents.defaults.model`, and what stops it from working, if anything. */
export interface DefaultModelStatus {
  model: string;
  /** The slot serving it, or null when the model names none (no `provider/` prefix, no `agents.defaults.provider`). */
  provider: string | null;
  /** The model id sent to that provider. */
  providerModel: string | null;
  /** How the slot was chosen. */
  source: 'provider-setting' | 'model-prefix' | null;
  /** What is wrong: no provider, no key where one is needed, no base URL. Null when ready. */
  problem: string | null;
}

/** Reports the default model's provider from the providers already reported (so key sources agree). */
export function defaultModelStatus(config: Config, providers: readonly ProviderStatus[]): DefaultModelStatus {
  const { model } = config.agents.defaults;
  const serving = defaultProvider(config);
  if (serving === undefined) {
    const problem = `"${model}" names no provider: write it as provider/model or set agents.defaults.provider`;
    return { model, provider: null, providerModel: null, source: null, problem };
  }
  const { provider } = serving;
  const status = providers.find((candidate) => candidate.name === provider);
  const preset = presetFor(provider);
  let problem: string | null = null;
  if (status?.apiBase == null && preset.baseUrl === '') {
    problem = `provider "${provider}" has no base URL: set providers.${provider}.apiBase`;
  } else if (preset.requiresApiKey && (status === undefined || status.key === 'none')) {
    const where = preset.apiKeyEnv === undefined ? '' : `${preset.apiKeyEnv} or `;
    problem = `provider "${provider}" has no API key: set ${where}providers.${provider}.apiKey`;
  }
  return { model, provider, providerModel: serving.model, source: serving.source, problem };
}
