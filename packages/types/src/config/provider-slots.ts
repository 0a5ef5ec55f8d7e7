import type { ConfigIssue } from '../errors/config-error.js';
import type { Config } from './config-schema.js';
import { defaultProvider } from './default-provider.js';
import type { ConfigWarning } from './normalize-keys.js';
import { PROVIDER_PRESETS, presetFor } from './provider-presets.js';

/** Slots with a preset base URL (`custom` has none). */
const BUILT_IN = Object.entries(PROVIDER_PRESETS)
  .filter(([, preset]) => preset.baseUrl !== '')
  .map(([name]) => name);

export interface SlotCheck {
  issues: ConfigIssue[];
  warnings: ConfigWarning[];
}

/**
 * Every provider slot must reach a server: a slot with neither a preset nor `apiBase` is an issue naming it,
 * unless it is an unused placeholder (no key, nothing else set, not the default model's provider: nanobot writes
 * every slot it knows, OAuth ones included), which is dropped from `config` with a warning.
 * A named `agents.defaults.provider` must be a configured slot or a preset.
 */
export function checkProviderSlots(config: Config): SlotCheck {
  const check: SlotCheck = { issues: [], warnings: [] };
  const serving = defaultProvider(config);
  for (const [name, settings] of Object.entries(config.providers)) {
    if (settings.apiBase !== undefined || presetFor(name).baseUrl !== '') continue;
    const path = `providers.${name}`;
    const placeholder = (settings.apiKey ?? '') === '' && Object.keys(settings.extraHeaders).length === 0;
    if (placeholder && serving?.provider !== name) {
      delete config.providers[name];
      check.warnings.push({
        path,
        message: `"${name}" has no built-in preset and no apiBase, and is empty: ignored. Give it an apiBase to use it.`,
      });
      continue;
    }
    check.issues.push({
      path: `${path}.apiBase`,
      received: 'nothing',
      expected: 'the base URL of an OpenAI-compatible API, e.g. "https://llm.example.com/v1"',
      message: `"${name}" is not a built-in provider (those are ${BUILT_IN.join(', ')}), so it needs a base URL: set ${path}.apiBase`,
    });
  }
  const named = config.agents.defaults.provider;
  if (
    named !== undefined &&
    named !== 'auto' &&
    !Object.hasOwn(config.providers, named) &&
    !Object.hasOwn(PROVIDER_PRESETS, named)
  ) {
    check.issues.push({
      path: 'agents.defaults.provider',
      received: JSON.stringify(named),
      expected: 'a slot under "providers", a built-in provider or "auto"',
      message: `names the provider "${named}", which is neither configured under "providers" nor built in; add providers.${named} or fix the name`,
    });
  }
  return check;
}
