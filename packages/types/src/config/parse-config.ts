import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { collectSecrets } from '../redact/collect-secrets.js';
import { SecretRegistry } from '../redact/secret-registry.js';
import { findTooDeep, MAX_CONFIG_DEPTH } from './config-depth.js';
import { type Config, ConfigSchema } from './config-schema.js';
import { type ConfigWarning, normalizeKeys } from './normalize-keys.js';
import { expandPathFields } from './path-fields.js';
import { checkProviderSlots } from './provider-slots.js';
import { renderIssue, writtenPath } from './render-issue.js';
import { resolveEnvRefs } from './resolve-env-refs.js';
import { formatPath } from './zod-walk.js';

export type { ConfigWarning } from './normalize-keys.js';

export interface ConfigResult {
  /** The validated config with every default filled in and `~` expanded in path fields. */
  config: Config;
  /** Unknown keys (dropped) and other things worth telling the user. */
  warnings: ConfigWarning[];
  /** Every secret the config holds, registered for redaction: pass it to whatever prints or throws. */
  secrets: SecretRegistry;
}

export interface ParseConfigOptions {
  /** The file the value came from, named in errors. */
  file?: string;
  /** What `~` expands to in path fields. @default os.homedir() */
  homeDir?: string;
  /** A registry to add the config's secrets to. @default a new one, returned as `secrets` */
  secrets?: SecretRegistry;
  /** Where `${NAME}` references in string values are resolved. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Validates a config value (already parsed from JSON) and fills in every default. Keys may be written in
 * camelCase, snake_case or kebab-case (`maxTokens`, `max_tokens`, `max-tokens`); map keys such as env variable
 * names, sender ids and server names are kept exactly as written. Unknown keys become warnings. Every secret
 * value is registered in `secrets` before anything is validated, so no error message can quote one.
 *
 * @throws ConfigError of kind `config-invalid` listing every offending path, the value received (redacted) and
 *   what was expected; also when the value is nested deeper than 64 levels.
 * @example
 * const { config, warnings } = parseConfig({ agents: { defaults: { max_tokens: 4096 } } });
 * config.agents.defaults.maxTokens; // 4096
 */
export function parseConfig(value: unknown, options: ParseConfigOptions = {}): ConfigResult {
  const secrets = options.secrets ?? new SecretRegistry();
  const tooDeep = findTooDeep(value);
  if (tooDeep !== undefined) throw invalidConfig([deepIssue(tooDeep)], options.file, secrets);
  collectSecrets(value, secrets);
  const normalized = normalizeKeys(value === undefined ? {} : value, ConfigSchema);
  // `${VAR}` is resolved in the keys clawft reads only: an unset variable in an ignored section is no error.
  const resolved = resolveEnvRefs(normalized.value, options.env ?? process.env, (path) =>
    writtenPath(path, normalized.writtenPaths),
  );
  collectSecrets(resolved.value, secrets);
  const result = ConfigSchema.safeParse(resolved.value);
  const context = { schema: ConfigSchema, value: resolved.value, writtenPaths: normalized.writtenPaths };
  const issues: ConfigIssue[] = [
    ...resolved.issues,
    ...normalized.conflicts,
    ...(result.success ? [] : result.error.issues.map((issue) => renderIssue(issue, context))),
  ];
  const slots = result.success ? checkProviderSlots(result.data) : { issues: [], warnings: [] };
  issues.push(...slots.issues);
  const warnings = [...normalized.warnings, ...slots.warnings].map((warning) => secrets.redactDeep(warning));
  if (!result.success || issues.length > 0) throw invalidConfig(issues, options.file, secrets, warnings);
  expandPathFields(result.data, options.homeDir);
  return { config: result.data, warnings, secrets };
}

function deepIssue(path: readonly (string | number)[]): ConfigIssue {
  return {
    path: `${formatPath(path.slice(0, 8))}…`,
    received: `a value nested more than ${MAX_CONFIG_DEPTH} levels deep`,
    expected: `at most ${MAX_CONFIG_DEPTH} levels of nesting`,
    message: `nested more than ${MAX_CONFIG_DEPTH} levels deep; a config is a few levels of objects, check for a generated or looping value`,
  };
}

function invalidConfig(
  issues: readonly ConfigIssue[],
  file: string | undefined,
  secrets: SecretRegistry,
  warnings: readonly ConfigWarning[] = [],
): ConfigError {
  const safe = issues.map((issue) => secrets.redactDeep(issue));
  const where = file === undefined ? 'Invalid config' : `Invalid config in ${file}`;
  const count = safe.length === 1 ? '1 problem' : `${safe.length} problems`;
  const lines = safe.map((issue) => `  - ${issue.path}: ${issue.message}`);
  // Warnings are shown with the errors: an unknown key is often the reason a required one is "missing".
  const also =
    warnings.length === 0
      ? ''
      : `\nAlso ${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}:\n${warnings.map((w) => `  - ${w.path}: ${w.message}`).join('\n')}`;
  return new ConfigError({
    kind: 'config-invalid',
    message: `${where} (${count}):\n${lines.join('\n')}${also}\nFix the keys listed above (docs/configuration.md describes every key) and try again.`,
    ...(file === undefined ? {} : { file }),
    issues: safe,
    warnings,
  });
}
