import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

const HOME = '/home/tester';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

describe('parseConfig with snake_case and camelCase configs', () => {
  it('parses a Rust-clawft style snake_case config to the same Config as its camelCase twin', () => {
    const snake = parseConfig(fixture('rust-clawft.snake.json'), { homeDir: HOME });
    const camel = parseConfig(fixture('rust-clawft.camel.json'), { homeDir: HOME });
    expect(snake.config).toEqual(camel.config);
    expect(snake.warnings).toEqual([]);
    expect(camel.warnings).toEqual([]);
  });

  it('reads every snake_case key into its camelCase field', () => {
    const { config } = parseConfig(fixture('rust-clawft.snake.json'), { homeDir: HOME });
    expect(config.agents.defaults).toMatchObject({
      maxTokens: 8192,
      maxToolIterations: 25,
      memoryWindow: 40,
    });
    expect(config.providers.groq?.retry).toEqual({ maxRetries: 1, retryableStatusCodes: [429, '5xx'] });
    expect(config.providers.groq?.timeouts).toEqual({ firstTokenMs: 20_000, idleMs: 10_000 });
    expect(config.retry.budget).toEqual({ enabled: true, maxTokens: 50, tokenRatio: 0.2 });
    expect(config.failover).toMatchObject({
      streamMode: 'hold',
      holdMs: 800,
      contextLengthTarget: expect.any(String),
    });
    expect(config.routing.tiers[0]).toMatchObject({ complexityRange: [0, 0.3], maxContextTokens: 131_072 });
    expect(config.routing.costBudgets).toMatchObject({
      perSenderDailyLimitUsd: 2,
      resetHourUtc: 4,
      onExceeded: 'refuse',
    });
    expect(config.pricing['anthropic/claude-sonnet-4-5']).toEqual({
      inputPerMillionUsd: 3,
      outputPerMillionUsd: 15,
      cacheReadPerMillionUsd: 0.3,
      cacheWritePerMillionUsd: 3.75,
    });
  });

  it('keeps map keys exactly as written while normalising the keys inside their values', () => {
    const { config } = parseConfig(fixture('rust-clawft.snake.json'), { homeDir: HOME });
    expect(Object.keys(config.providers)).toEqual(['anthropic', 'openrouter', 'groq', 'local_ollama']);
    expect(Object.keys(config.providers.openrouter?.extraHeaders ?? {})).toEqual([
      'HTTP-Referer',
      'X-Title',
      'x_trace_id',
    ]);
    expect(Object.keys(config.tools.mcpServers)).toEqual(['github', 'My-Server']);
    expect(config.tools.mcpServers.github?.env).toEqual({
      GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_fixture0004',
      OPENAI_API_KEY: 'sk-fixture-0005',
      log_level: 'warn',
    });
    expect(config.tools.mcpServers['My-Server']).toMatchObject({
      headers: { Authorization: 'Bearer fixture-0006', 'X-Team_Id': 'core' },
      timeoutMs: 15_000,
      enabled: false,
    });
    expect(Object.keys(config.routing.costBudgets.senders)).toEqual(['U01ABC', 'telegram_user_42']);
    expect(config.routing.costBudgets.senders.U01ABC).toEqual({ dailyLimitUsd: 5, monthlyLimitUsd: 60 });
  });

  it('accepts kebab-case keys too', () => {
    const { config } = parseConfig({ bus: { 'inbound-capacity': 7, 'overflow-policy': 'reject' } });
    expect(config.bus).toMatchObject({ inboundCapacity: 7, overflowPolicy: 'reject' });
  });

  it('reports a map key named __proto__ or constructor instead of dropping it, and never touches a prototype', () => {
    const text =
      '{"routing":{"cost_budgets":{"senders":{"__proto__":{"daily_limit_usd":1}}}},"providers":{"constructor":{}}}';
    expect(() => parseConfig(JSON.parse(text))).toThrow(
      expect.objectContaining({
        kind: 'config-invalid',
        issues: [
          expect.objectContaining({ path: 'routing.cost_budgets.senders.__proto__' }),
          expect.objectContaining({ path: 'providers.constructor' }),
        ],
      }),
    );
    expect(({} as Record<string, unknown>).dailyLimitUsd).toBeUndefined();
  });

  it('leaves the fields a provider override does not give undefined, so the global values apply', () => {
    const { config } = parseConfig({
      providers: { groq: { retry: { max_retries: 1 }, timeouts: { idle_ms: 5 } } },
    });
    expect(config.providers.groq?.retry).toEqual({ maxRetries: 1 });
    expect(config.providers.groq?.timeouts).toEqual({ idleMs: 5 });
  });
});

describe('parseConfig warnings and ~ expansion', () => {
  it('reports unknown keys with the path as written and a suggestion, and drops them', () => {
    const { config, warnings } = parseConfig({
      agents: { defaults: { max_token: 100, provider: 'auto' } },
      channels: { telegram: { enabled: true } },
      tools: { mcp_servers: { fs: { command: 'npx', tool_timeout: 30 } } },
    });
    expect(warnings).toEqual([
      {
        path: 'agents.defaults.max_token',
        message: 'unknown key "max_token" was ignored. Did you mean "maxTokens"?',
        suggestion: 'maxTokens',
      },
      { path: 'channels', message: 'unknown key "channels" was ignored.' },
      {
        path: 'tools.mcp_servers.fs.tool_timeout',
        message:
          '"tool_timeout" is read as seconds and converted to "timeoutMs" in milliseconds (30 seconds = 30000 ms); write "timeoutMs" to say it in ms.',
      },
    ]);
    expect(config.tools.mcpServers.fs?.timeoutMs).toBe(30_000);
    expect(config.agents.defaults.maxTokens).toBe(8192);
    expect(config).not.toHaveProperty('channels');
  });

  it('accepts a root $schema key without a warning', () => {
    expect(parseConfig({ $schema: 'https://example.com/schema.json' }).warnings).toEqual([]);
  });

  it('expands ~ in the path fields only', () => {
    const { config } = parseConfig(
      {
        agents: { defaults: { workspace: '~/agent', model: '~/not-a-path' } },
        tools: { mcpServers: { a: { command: 'x', cwd: '~' }, b: { command: 'y', cwd: '/srv/b' } } },
        observability: { outcomesFile: '~/out/outcomes.jsonl' },
      },
      { homeDir: HOME },
    );
    expect(config.agents.defaults.workspace).toBe('/home/tester/agent');
    expect(config.agents.defaults.model).toBe('~/not-a-path');
    expect(config.tools.mcpServers.a?.cwd).toBe(HOME);
    expect(config.tools.mcpServers.b?.cwd).toBe('/srv/b');
    expect(config.observability.outcomesFile).toBe('/home/tester/out/outcomes.jsonl');
  });

  it('expands ~ in the default workspace', () => {
    expect(parseConfig({}, { homeDir: HOME }).config.agents.defaults.workspace).toBe(
      '/home/tester/.clawft/workspace',
    );
  });
});
