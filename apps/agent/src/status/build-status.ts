import { PROVIDER_PRESETS, presetFor } from '@clawft/llm';
import {
  type Config,
  type ConfigWarning,
  type McpServer,
  type ProviderSettings,
  REDACTED,
  redactUrl,
} from '@clawft/types';
import type { ConfigSource } from '../config/discover-config.js';
import type { McpServerProbe } from '../mcp/probe-mcp-servers.js';
import { type DefaultModelStatus, defaultModelStatus } from './default-model-status.js';
import type { SpendStatus } from './spend-status.js';

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
  /** The preset's base URL (used when `apiBase` is null); null when the slot has no preset. */
  presetBaseUrl: string | null;
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
  /** Header names, every value redacted (`X-Auth`, `X-Goog-Api-Key`, …: header names do not tell secrets apart). */
  headers: Record<string, string>;
}

/** Everything `clawft status` reports, already redacted: safe to print or to emit as JSON. */
export interface StatusReport {
  version: string;
  source: ConfigSource;
  warnings: ConfigWarning[];
  agent: Config['agents']['defaults'];
  /** The provider serving the default model, and what is missing for it to work. */
  defaultModel: DefaultModelStatus;
  providers: ProviderStatus[];
  retry: Omit<Config['retry'], 'budget'> & { budgetEnabled: boolean };
  failover: Config['failover'];
  timeouts: Config['timeouts'];
  bus: Config['bus'];
  mcpServers: McpServerReport[];
  routing: Config['routing'];
  /** Spend against the budgets, from `<workspace>/costs.json` (added by the status command). */
  spend?: SpendStatus;
  /** Each MCP server started, with its tools (only with `--mcp`). */
  mcpProbe?: McpServerProbe[];
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
    presetBaseUrl: preset.baseUrl === '' ? null : preset.baseUrl,
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
    headers: Object.fromEntries(Object.keys(server.headers).map((header) => [header, REDACTED])),
  };
}

/** Builds the `clawft status` report from a loaded config. */
export function buildStatus(options: BuildStatusOptions): StatusReport {
  const { config } = options;
  const { budget, ...retry } = config.retry;
  const providers = providerStatuses(config, options.env);
  return {
    version: options.version,
    source: options.source,
    warnings: options.warnings,
    agent: config.agents.defaults,
    defaultModel: defaultModelStatus(config, providers),
    providers,
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
