/** A model id split into its provider slot and the provider's own model name. */
export interface ModelId {
  /** Undefined for a bare model id. */
  provider: string | undefined;
  model: string;
}

/**
 * Splits `provider/model` at the first slash when the prefix is a known slot (`providers`), so OpenRouter ids
 * such as `openrouter/anthropic/claude-sonnet-4` keep their inner slash; anything else is a bare model id.
 *
 * @example
 * parseModelId('groq/llama-3.3-70b', ['groq']); // { provider: 'groq', model: 'llama-3.3-70b' }
 */
export function parseModelId(id: string, providers: Iterable<string>): ModelId {
  const slash = id.indexOf('/');
  if (slash > 0) {
    const prefix = id.slice(0, slash);
    for (const provider of providers)
      if (provider === prefix) return { provider, model: id.slice(slash + 1) };
  }
  return { provider: undefined, model: id };
}

/**
 * `model` as a provider with slot `providerId` names it in stream parts, errors and reports: without a leading
 * `<providerId>/` (`openai/gpt-4o` → `gpt-4o`). `provider` + `/` + this is the full id again.
 *
 * @example
 * providerModel('openai', 'openai/gpt-4o'); // 'gpt-4o'
 */
export function providerModel(providerId: string, model: string): string {
  const prefix = `${providerId}/`;
  return model.startsWith(prefix) ? model.slice(prefix.length) : model;
}
