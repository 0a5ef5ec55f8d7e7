import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { defaultProvider } from './default-provider.js';
import { parseConfig } from './parse-config.js';

function failure(value: unknown, env: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(value, { env });
  } catch (error) {
    if (ConfigError.is(error)) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the value');
}

describe('parseConfig with Rust clawft and nanobot spellings', () => {
  it('accepts snake_case and camelCase spellings of enum values', () => {
    const { config } = parseConfig({
      routing: { selection_strategy: 'preference_order' },
      bus: { overflow_policy: 'drop_oldest' },
    });
    expect(config.routing.selectionStrategy).toBe('preference-order');
    expect(config.bus.overflowPolicy).toBe('drop-oldest');
    expect(
      parseConfig({ routing: { selectionStrategy: 'roundRobin' } }).config.routing.selectionStrategy,
    ).toBe('round-robin');
  });

  it('reads null as "not set", in objects and maps', () => {
    const { config, warnings } = parseConfig({
      providers: { openai: { api_key: null, api_base: null, extra_headers: null, timeouts: null } },
      agents: { defaults: { model: null } },
      tools: { mcp_servers: { fs: { command: 'npx', env: { A: null } } } },
    });
    expect(config.providers.openai).toEqual({ extraHeaders: {} });
    expect(config.agents.defaults.model).toBe('anthropic/claude-sonnet-4-5');
    expect(config.tools.mcpServers.fs?.env).toEqual({});
    expect(warnings).toEqual([]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference is the value under test
  it('resolves ${VAR} from the environment and names the path and variable of an unset one', () => {
    const { config, secrets } = parseConfig(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference is the value under test
      { providers: { openai: { apiKey: '${COMPANY_KEY}', apiBase: 'https://${HOST}/v1' } } },
      { env: { COMPANY_KEY: 'sk-company-123', HOST: 'llm.example.com' } },
    );
    expect(config.providers.openai).toMatchObject({
      apiKey: 'sk-company-123',
      apiBase: 'https://llm.example.com/v1',
    });
    expect(secrets.redact('sk-company-123')).toBe('[redacted]');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference is the value under test
    const error = failure({ providers: { openai: { api_key: '${MISSING_KEY}' } } });
    expect(error.issues).toEqual([expect.objectContaining({ path: 'providers.openai.api_key' })]);
    expect(error.message).toContain('MISSING_KEY, which is not set');
  });

  it('converts keys in seconds to their millisecond keys with a warning naming the unit', () => {
    const { config, warnings } = parseConfig({
      tools: { exec: { timeout: 90 } },
      routing: { rate_limiting: { window_seconds: 30 } },
    });
    expect(config.tools.exec.timeoutMs).toBe(90_000);
    expect(config.routing.rateLimiting.windowMs).toBe(30_000);
    expect(warnings.map((warning) => warning.path)).toEqual([
      'tools.exec.timeout',
      'routing.rate_limiting.window_seconds',
    ]);
    expect(warnings[0]?.message).toContain('read as seconds');
  });

  it('reads the Rust clawft baseUrl as apiBase', () => {
    expect(
      parseConfig({ providers: { x: { baseUrl: 'http://10.0.0.1/v1' } } }).config.providers.x?.apiBase,
    ).toBe('http://10.0.0.1/v1');
  });

  it('has presets for the OpenAI-compatible slots of nanobot and the Rust clawft', () => {
    const slots = [
      'zhipu',
      'dashscope',
      'moonshot',
      'minimax',
      'siliconflow',
      'volcengine',
      'aihubmix',
      'lm_studio',
      'vllm',
    ];
    const { config } = parseConfig({
      providers: Object.fromEntries(slots.map((slot) => [slot, { api_key: 'k-1234' }])),
    });
    expect(Object.keys(config.providers)).toEqual(slots);
  });

  it('rejects a slot with no preset and no base URL naming it, and ignores an empty placeholder with a warning', () => {
    const error = failure({
      providers: { 'my-proxy': { api_key: 'sk-proxy-1' } },
      agents: { defaults: { max_token: 1 } },
    });
    expect(error.issues).toEqual([expect.objectContaining({ path: 'providers.my-proxy.apiBase' })]);
    expect(error.warnings).toEqual([expect.objectContaining({ path: 'agents.defaults.max_token' })]);
    expect(error.message).toContain('Also 1 warning');
    const { config, warnings } = parseConfig({
      providers: { openai_codex: { api_key: '', api_base: null } },
    });
    expect(config.providers).toEqual({});
    expect(warnings).toEqual([expect.objectContaining({ path: 'providers.openai_codex' })]);
  });

  it("honours nanobot's agents.defaults.provider", () => {
    const { config } = parseConfig({
      agents: { defaults: { model: 'anthropic/claude-sonnet-4', provider: 'openrouter' } },
    });
    expect(defaultProvider(config)).toEqual({
      provider: 'openrouter',
      model: 'anthropic/claude-sonnet-4',
      source: 'provider-setting',
    });
    const auto = parseConfig({
      agents: { defaults: { model: 'deepseek/deepseek-chat', provider: 'auto' } },
    }).config;
    expect(defaultProvider(auto)).toEqual({
      provider: 'deepseek',
      model: 'deepseek-chat',
      source: 'model-prefix',
    });
    expect(failure({ agents: { defaults: { provider: 'nowhere' } } }).issues[0]?.path).toBe(
      'agents.defaults.provider',
    );
  });
});
