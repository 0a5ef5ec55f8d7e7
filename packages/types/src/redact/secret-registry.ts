import { REDACTED } from './redact.js';
import { redactUrl, urlSecrets } from './url-secrets.js';

/** Shortest value registered: shorter ones would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;
/** Deepest nesting `redactDeep` walks; anything below is replaced by `[too deep]`. */
const MAX_DEPTH = 64;

/**
 * The one redactor: holds every secret value configured (provider keys, auth-like header values, secret-named
 * MCP env values, URL credentials) and strips them, together with URL credentials it has never seen, from any
 * text or value before it reaches a log line, an error message, an excerpt or `clawft status`.
 *
 * `parseConfig` fills one from the config it loads (`ConfigResult.secrets`); pass it on to what prints or throws.
 *
 * @example
 * const secrets = new SecretRegistry().add('sk-live-abc123');
 * secrets.redact('401: bad key sk-live-abc123'); // '401: bad key [redacted]'
 */
export class SecretRegistry {
  readonly #values = new Set<string>();
  /** Registered values, longest first, so that a secret containing another is replaced whole. */
  #sorted: string[] | undefined;

  /** Registers secret values (with their JSON-escaped and percent-encoded spellings); short ones are ignored. */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
        this.#values.add(form);
      }
      this.#sorted = undefined;
    }
    return this;
  }

  /** Registers the credentials a URL carries: userinfo, secret-named query parameters, key-like path segments. */
  addUrl(url: string): this {
    return this.add(...urlSecrets(url));
  }

  /** Registers every value of another registry (e.g. a server's own secrets next to the config's). */
  addAll(other: SecretRegistry): this {
    return this.add(...other.values());
  }

  /** How many spellings are registered. */
  get size(): number {
    return this.#values.size;
  }

  /** The registered values (for a component that takes a plain list, e.g. `redactText`). */
  values(): string[] {
    this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length);
    return [...this.#sorted];
  }

  /** `text` with every registered value and every URL credential replaced by `[redacted]`. */
  redact(text: string): string {
    let result = text;
    for (const secret of this.values()) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return redactUrl(result);
  }

  /**
   * A deep copy of `value` with every string passed through `redact` (keys too), depth-capped and
   * cycle-safe. Errors become `{ name, message, stack, cause, … }` with each field redacted.
   */
  redactDeep<T>(value: T): T {
    return this.#deep(value, 0, new WeakSet()) as T;
  }

  #deep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => this.#deep(item, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    const source: Record<string, unknown> = { ...value };
    if (value instanceof Error)
      Object.assign(source, { name: value.name, message: value.message, stack: value.stack });
    if (value instanceof Error && value.cause !== undefined) source.cause = value.cause;
    for (const [key, item] of Object.entries(source)) {
      copy[this.redact(key)] = this.#deep(item, depth + 1, seen);
    }
    return copy;
  }
}
