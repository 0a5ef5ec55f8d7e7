import type { Config } from './config-schema.js';

/** Which provider slot serves the default model, and the model id sent to it. */
export interface DefaultProvider {
  /** The slot name (`anthropic`, `openrouter`, …). */
  provider: string;
  /** The model id the provider is asked for. */
  model: string;
  /** How the slot was chosen: `agents.defaults.provider`, or the `provider/` prefix of the model. */
  source: 'provider-setting' | 'model-prefix';
}

/**
 * The slot serving `agents.defaults.model`: `agents.defaults.provider` when set (nanobot; "auto" means "from the
 * model"), the model then sent whole (`openrouter` serving `anthropic/claude-sonnet-4`); otherwise the
 * `provider/` prefix of the model. Undefined when the model has no prefix and no provider is named.
 *
 * @example
 * defaultProvider(config); // { provider: 'anthropic', model: 'claude-sonnet-4-5', source: 'model-prefix' }
 */
export function defaultProvider(config: Config): DefaultProvider | undefined {
  const { model, provider } = config.agents.defaults;
  if (provider !== undefined && provider !== 'auto') return { provider, model, source: 'provider-setting' };
  const slash = model.indexOf('/');
  if (slash <= 0) return undefined;
  return { provider: model.slice(0, slash), model: model.slice(slash + 1), source: 'model-prefix' };
}
