import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { type Config, ConfigSchema } from './config-schema.js';

/** Something in the config worth knowing that does not stop it loading (an unknown key, say). */
export interface ConfigWarning {
  path: string;
  message: string;
}

export interface ConfigResult {
  config: Config;
  warnings: ConfigWarning[];
}

export interface ParseConfigOptions {
  /** The file the value came from, named in errors. */
  file?: string;
}

function renderIssue(issue: z.core.$ZodIssue, input: unknown): ConfigIssue {
  let received: unknown = input;
  for (const key of issue.path) {
    received =
      typeof received === 'object' && received !== null
        ? (received as Record<PropertyKey, unknown>)[key]
        : undefined;
  }
  return {
    path: issue.path.join('.') || '(root)',
    received: received === undefined ? 'nothing' : JSON.stringify(received),
    expected: issue.code,
    message: issue.message,
  };
}

/**
 * Validates a config value (already parsed from JSON) and fills in every default.
 *
 * @throws ConfigError of kind `config-invalid` listing every offending path.
 */
export function parseConfig(value: unknown, options: ParseConfigOptions = {}): ConfigResult {
  const result = ConfigSchema.safeParse(value ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((issue) => renderIssue(issue, value));
    throw new ConfigError({
      kind: 'config-invalid',
      message: `Invalid config${options.file ? ` in ${options.file}` : ''}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      ...(options.file ? { file: options.file } : {}),
      issues,
    });
  }
  return { config: result.data, warnings: [] };
}
