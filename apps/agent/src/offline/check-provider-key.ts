import { presetFor } from '@clawft/llm';
import type { Config } from '@clawft/types';

/** Whether the configured model can be called, and if not, the one line that says why. */
export type OfflineKeyCheck =
  | { ready: true; provider: string }
  | { ready: false; provider: string; reason: string };

/**
 * Checks that the provider of `agents.defaults.model` (`provider/model`) has what a call needs: an `apiKey` in its
 * slot or its preset's key variable set, unless the preset needs no key (local servers, custom slots).
 *
 * @example
 * const check = checkProviderKey(config, process.env);
 * if (!check.ready) console.error(check.reason);
 */
export function checkProviderKey(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): OfflineKeyCheck {
  const model = config.agents.defaults.model;
  const slash = model.indexOf('/');
  const provider = slash < 0 ? model : model.slice(0, slash);
  const preset = presetFor(provider);
  const settings = config.providers[provider];
  if (!preset.requiresApiKey && Object.hasOwn(config.providers, provider)) return { ready: true, provider };
  if (!preset.requiresApiKey && preset.baseUrl !== '') return { ready: true, provider };
  if ((settings?.apiKey ?? '') !== '') return { ready: true, provider };
  const keyEnv = preset.apiKeyEnv;
  if (keyEnv !== undefined && keyEnv !== '' && (env[keyEnv] ?? '') !== '') return { ready: true, provider };
  const where = keyEnv === undefined || keyEnv === '' ? '' : ` or set ${keyEnv}`;
  return {
    ready: false,
    provider,
    reason: `no API key for provider "${provider}" (model ${model}): set providers.${provider}.apiKey${where}; running on the built-in offline model`,
  };
}
