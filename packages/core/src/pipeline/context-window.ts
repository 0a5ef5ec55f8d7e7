/** Context window assumed for a model whose tier gives no `maxContextTokens`, tokens. */
export const DEFAULT_CONTEXT_TOKENS = 128_000;
