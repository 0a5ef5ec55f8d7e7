import { PROVIDER_PRESETS, presetFor } from '@clawft/llm';
import {
  type Config,
  type ConfigWarning,
  type McpServer,
  type ProviderSettings,
  REDACTED,
  redactSecrets,
} from '@clawft/types';
import type { ConfigSource } from '../config/discover-config.js';
import { redactUrl } from './redact-url.js';

/** Presets that need a key: their key variable is looked for even when the config has no slot for them. */
const KEYED_PRESETS = Object.entries(PROVIDER_PRESETS)
  .filter(([, preset]) => preset.requiresApiKey)
  .map(([name]) => name);

export interface ProviderStatus {
  name: string;
  /** Whether the config has a slot for it (otherwise it was found through its key variable). */
  configured: boolean;
  /** The configured base URL (credentials redacted), or null for the preset's. */
  apiBase: string | null;
  /** Where the API key comes from; the key itself is never reported. */
  key: 'config' | 'env' | 'none';
  /** The environment variable read when the config gives no key (from the provider's preset), if any. */
  keyEnv: string | null;
  /** Whether calls are refused without a key (local servers such as ollama need none). */
  keyRequired: boolean;
}

export interface McpServerReport {
  name: string;
  enabled: boolean;
  transport: 'stdio' | 'http';
  command: string | null;
  args: string[];
  url: string | null;
  /** Variable names with every value redacted. */
  env: Record<string, string>;
  /** Header names with secret-looking values redacted. */
  headers: Record<string, string>;
}

/** Everything `clawft status` reports, already redacted: safe to print or to emit as JSON. */
export interface StatusReport {
  version: string;
  source: ConfigSource;
  warnings: ConfigWarning[];
  agent: Config['agents']['defaults'];
  providers: ProviderStatus[];
  retry: Omit<Config['retry'], 'budget'> & { budgetEnabled: boolean };
  failover: Config['failover'];
  timeouts: Config['timeouts'];
  bus: Config['bus'];
  mcpServers: McpServerReport[];
  routing: Config['routing'];
}

export interface BuildStatusOptions {
  version: string;
  source: ConfigSource;
  config: Config;
  warnings: ConfigWarning[];
  /** Environment searched for provider key variables (only whether they are set is reported). */
  env: Readonly<Record<string, string | undefined>>;
}

function providerStatus(
  name: string,
  settings: ProviderSettings | undefined,
  env: BuildStatusOptions['env'],
): ProviderStatus {
  const preset = presetFor(name);
  const keyEnv = preset.apiKeyEnv ?? null;
  const fromEnv = keyEnv !== null && (env[keyEnv] ?? '') !== '';
  const fromConfig = (settings?.apiKey ?? '') !== '';
  return {
    name,
    configured: settings !== undefined,
    apiBase: settings?.apiBase === undefined ? null : redactUrl(settings.apiBase),
    key: fromConfig ? 'config' : fromEnv ? 'env' : 'none',
    keyEnv,
    keyRequired: preset.requiresApiKey,
  };
}

function providerStatuses(config: Config, env: BuildStatusOptions['env']): ProviderStatus[] {
  const configured = Object.entries(config.providers).map(([name, settings]) =>
    providerStatus(name, settings, env),
  );
  const fromEnvOnly = KEYED_PRESETS.filter((name) => !Object.hasOwn(config.providers, name))
    .map((name) => providerStatus(name, undefined, env))
    .filter((status) => status.key === 'env');
  return [...configured, ...fromEnvOnly];
}

function mcpServerStatus(name: string, server: McpServer): McpServerReport {
  return {
    name,
    enabled: server.enabled,
    transport: server.command === undefined ? 'http' : 'stdio',
    command: server.command ?? null,
    args: server.args,
    url: server.url === undefined ? null : redactUrl(server.url),
    env: Object.fromEntries(Object.keys(server.env).map((variable) => [variable, REDACTED])),
    headers: redactSecrets(server.headers),
  };
}

/** Builds the `clawft status` report from a loaded config. */
export function buildStatus(options: BuildStatusOptions): StatusReport {
  const { config } = options;
  const { budget, ...retry } = config.retry;
  return {
    version: options.version,
    source: options.source,
    warnings: options.warnings,
    agent: config.agents.defaults,
    providers: providerStatuses(config, options.env),
    retry: { ...retry, budgetEnabled: budget.enabled },
    failover: config.failover,
    timeouts: config.timeouts,
    bus: config.bus,
    mcpServers: Object.entries(config.tools.mcpServers).map(([name, server]) =>
      mcpServerStatus(name, server),
    ),
    routing: config.routing,
  };
}

/** Every secret value in a config (API keys, secret-looking MCP env values and headers), for a last redaction pass. */
export function configSecrets(config: Config): string[] {
  const secrets: string[] = [];
  for (const provider of Object.values(config.providers)) {
    if (provider.apiKey !== undefined) secrets.push(provider.apiKey);
    secrets.push(...secretValues(provider.extraHeaders));
  }
  for (const server of Object.values(config.tools.mcpServers)) {
    secrets.push(...secretValues(server.env), ...secretValues(server.headers));
  }
  for (const entry of config.gateway.tokens) secrets.push(entry.token);
  return secrets;
}

function secretValues(map: Record<string, string>): string[] {
  const redacted = redactSecrets(map);
  return Object.entries(map)
    .filter(([name]) => redacted[name] === REDACTED)
    .map(([, value]) => value);
}
