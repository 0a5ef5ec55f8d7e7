import { REDACTED, redactSecrets } from '../redact/redact.js';
import { redactUrl } from '../redact/url-secrets.js';

/** Longest rendering of a received value put in an error, in characters. */
const MAX_RENDERED_CHARS = 80;

export interface RenderValueOptions {
  /** The value sits under a secret-looking name (`apiKey`, `GITHUB_TOKEN`): never show it. */
  secret: boolean;
}

/**
 * A short, log-safe rendering of a value found in a config: JSON, cut to 80 characters, secrets redacted
 * (the value itself when `secret`, and secret-looking properties inside objects).
 */
export function renderValue(value: unknown, options: RenderValueOptions): string {
  if (value === undefined) return 'nothing';
  if (options.secret) return REDACTED;
  const text = redactUrl(
    JSON.stringify(typeof value === 'object' && value !== null ? redactSecrets(value) : value) ??
      String(value),
  );
  return text.length > MAX_RENDERED_CHARS ? `${text.slice(0, MAX_RENDERED_CHARS - 1)}…` : text;
}
