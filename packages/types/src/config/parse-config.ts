import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { type Config, ConfigSchema } from './config-schema.js';
import { type ConfigWarning, normalizeKeys } from './normalize-keys.js';
import { expandPathFields } from './path-fields.js';
import { renderIssue } from './render-issue.js';

export type { ConfigWarning } from './normalize-keys.js';

export interface ConfigResult {
  /** The validated config with every default filled in and `~` expanded in path fields. */
  config: Config;
  /** Unknown keys (dropped) and other things worth telling the user. */
  warnings: ConfigWarning[];
}

export interface ParseConfigOptions {
  /** The file the value came from, named in errors. */
  file?: string;
  /** What `~` expands to in path fields. @default os.homedir() */
  homeDir?: string;
}

/**
 * Validates a config value (already parsed from JSON) and fills in every default. Keys may be written in
 * camelCase, snake_case or kebab-case (`maxTokens`, `max_tokens`, `max-tokens`); map keys such as env variable
 * names, sender ids and server names are kept exactly as written. Unknown keys become warnings.
 *
 * @throws ConfigError of kind `config-invalid` listing every offending path, the value received and what was
 *   expected.
 * @example
 * const { config, warnings } = parseConfig({ agents: { defaults: { max_tokens: 4096 } } });
 * config.agents.defaults.maxTokens; // 4096
 */
export function parseConfig(value: unknown, options: ParseConfigOptions = {}): ConfigResult {
  const normalized = normalizeKeys(value === undefined ? {} : value, ConfigSchema);
  const result = ConfigSchema.safeParse(normalized.value);
  const context = { schema: ConfigSchema, value: normalized.value, writtenPaths: normalized.writtenPaths };
  const issues = [
    ...normalized.conflicts,
    ...(result.success ? [] : result.error.issues.map((issue) => renderIssue(issue, context))),
  ];
  if (!result.success || issues.length > 0) throw invalidConfig(issues, options.file);
  expandPathFields(result.data, options.homeDir);
  return { config: result.data, warnings: normalized.warnings };
}

function invalidConfig(issues: readonly ConfigIssue[], file: string | undefined): ConfigError {
  const where = file === undefined ? 'Invalid config' : `Invalid config in ${file}`;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  return new ConfigError({
    kind: 'config-invalid',
    message: `${where} (${count}):\n${lines.join('\n')}\nFix the keys listed above (docs/configuration.md describes every key) and try again.`,
    ...(file === undefined ? {} : { file }),
    issues,
  });
}
