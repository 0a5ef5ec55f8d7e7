import type { ConfigWarning } from '../config/normalize-keys.js';
import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

export type ConfigErrorKind = 'config-not-found' | 'config-unreadable' | 'config-syntax' | 'config-invalid';

/** One problem found in a config: where, what was there, what was expected. */
export interface ConfigIssue {
  /** Dotted path in the config as written, e.g. `retry.maxRetries` or `tools.mcpServers.github.command`. */
  path: string;
  /** A short rendering of the value found (secrets redacted). */
  received: string;
  expected: string;
  message: string;
}

export interface ConfigErrorOptions {
  kind: ConfigErrorKind;
  message: string;
  /** The config file, when the config came from one. */
  file?: string;
  issues?: readonly ConfigIssue[];
  /** Warnings found while loading (unknown keys, converted units), shown together with the issues. */
  warnings?: readonly ConfigWarning[];
  /** 1-based position of a JSON syntax error. */
  line?: number;
  column?: number;
  cause?: unknown;
}

/** The config could not be loaded. `issues` lists every offending path at once, not just the first. */
export class ConfigError extends ClawftError<ConfigErrorKind> {
  readonly file: string | undefined;
  readonly issues: readonly ConfigIssue[];
  readonly warnings: readonly ConfigWarning[];
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(options: ConfigErrorOptions) {
    super({ kind: options.kind, message: options.message, retryable: false, cause: options.cause });
    this.name = 'ConfigError';
    this.file = options.file;
    this.issues = options.issues ?? [];
    this.warnings = options.warnings ?? [];
    this.line = options.line;
    this.column = options.column;
  }

  static override is(value: unknown): value is ConfigError {
    return isClawftErrorNamed<ConfigError>(value, 'ConfigError');
  }
}
