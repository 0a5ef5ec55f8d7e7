import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { parseConfig } from './parse-config.js';

/** The ConfigError thrown by parsing `value` (fails the test when nothing is thrown). */
function configErrorOf(value: unknown): ConfigError {
  try {
    parseConfig(value);
  } catch (error) {
    if (ConfigError.is(error)) return error;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

describe('parseConfig errors', () => {
  const cases: { name: string; value: unknown; issue: Partial<ConfigIssue> }[] = [
    {
      name: 'a wrong type',
      value: { retry: { max_retries: 'three' } },
      issue: { path: 'retry.max_retries', received: '"three"', expected: 'a whole number from 0 to 20' },
    },
    {
      name: 'a negative number',
      value: { bus: { inbound_capacity: -5 } },
      issue: { path: 'bus.inbound_capacity', received: '-5', expected: 'a whole number ≥ 1' },
    },
    {
      name: 'a fraction where a whole number is needed',
      value: { timeouts: { idleMs: 1.5 } },
      issue: { path: 'timeouts.idleMs', received: '1.5', expected: 'a whole number ≥ 0' },
    },
    {
      name: 'a number out of range',
      value: { retry: { jitter: 1.5 } },
      issue: { path: 'retry.jitter', received: '1.5', expected: 'a number from 0 to 1' },
    },
    {
      name: 'a bad enum value',
      value: { bus: { overflow_policy: 'drop-all' } },
      issue: {
        path: 'bus.overflow_policy',
        received: '"drop-all"',
        expected: 'one of block | drop-oldest | drop-newest | reject',
      },
    },
    {
      name: 'a bad URL',
      value: { providers: { openai: { api_base: 'api.openai.com/v1' } } },
      issue: {
        path: 'providers.openai.api_base',
        received: '"api.openai.com/v1"',
        expected: 'a URL such as "https://api.example.com/v1"',
      },
    },
    {
      name: 'an MCP server with both command and url',
      value: { tools: { mcp_servers: { 'My-Server': { command: 'npx', url: 'http://127.0.0.1:1/mcp' } } } },
      issue: {
        path: 'tools.mcp_servers.My-Server',
        expected: 'give exactly one of "command" (stdio server) or "url" (Streamable HTTP server)',
      },
    },
    {
      name: 'an MCP server with neither command nor url',
      value: { tools: { mcpServers: { empty: { args: ['x'] } } } },
      issue: { path: 'tools.mcpServers.empty', received: '{"args":["x"]}' },
    },
    {
      name: 'a complexityRange with min > max',
      value: { routing: { tiers: [{ name: 't', models: ['a/b'], complexity_range: [0.8, 0.2] }] } },
      issue: {
        path: 'routing.tiers[0].complexity_range',
        received: '[0.8,0.2]',
        expected: 'complexityRange must be [min, max] with min <= max',
      },
    },
    {
      name: 'an unknown status class',
      value: { retry: { retryable_status_codes: [429, '6xx'] } },
      issue: {
        path: 'retry.retryable_status_codes[1]',
        received: '"6xx"',
        expected: 'a whole number from 100 to 599, or a string matching /^[1-5]xx$/',
      },
    },
    {
      name: 'the same key in camelCase and snake_case',
      value: { agents: { defaults: { max_tokens: 100, maxTokens: 200 } } },
      issue: {
        path: 'agents.defaults.maxTokens',
        received: '200',
        message:
          'agents.defaults.max_tokens and agents.defaults.maxTokens set the same key; keep one of them',
      },
    },
    {
      name: 'a missing required field',
      value: { routing: { tiers: [{ models: ['a/b'], complexity_range: [0, 1] }] } },
      issue: { path: 'routing.tiers[0].name', received: 'nothing', expected: 'a non-empty string' },
    },
    {
      name: 'an empty list where one item is needed',
      value: { routing: { tiers: [{ name: 't', models: [], complexityRange: [0, 1] }] } },
      issue: { path: 'routing.tiers[0].models', expected: 'a non-empty list, each item a non-empty string' },
    },
    {
      name: 'a section that is not an object',
      value: { retry: 3 },
      issue: { path: 'retry', received: '3', expected: 'an object' },
    },
    {
      name: 'a non-object root',
      value: ['agents'],
      issue: {
        path: '(root)',
        received: '["agents"]',
        expected: 'an object (the top level of a config is { … })',
      },
    },
    {
      name: 'a pricing entry under a model id with dots',
      value: { pricing: { 'openai/gpt-4.1': { input_per_million_usd: -1, output_per_million_usd: 1 } } },
      issue: {
        path: 'pricing["openai/gpt-4.1"].input_per_million_usd',
        received: '-1',
        expected: 'a number ≥ 0',
      },
    },
  ];

  it.each(cases)('names the path, value and expectation for $name', ({ value, issue }) => {
    const error = configErrorOf(value);
    expect(error.kind).toBe('config-invalid');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject(issue);
    expect(error.message).toContain(issue.path);
    expect(error.message).toContain('Fix the keys listed above');
  });

  it('lists every offending path at once', () => {
    const error = configErrorOf({
      retry: { max_retries: -1, jitter: 'high' },
      bus: { overflowPolicy: 'explode' },
      tools: { mcpServers: { a: {} } },
      routing: { mode: 'smart' },
    });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'bus.overflowPolicy',
      'retry.jitter',
      'retry.max_retries',
      'routing.mode',
      'tools.mcpServers.a',
    ]);
    expect(error.message).toContain('(5 problems)');
  });

  it('redacts secrets in the values it reports', () => {
    const error = configErrorOf({
      providers: { openai: { api_key: 1234567 } },
      tools: {
        mcpServers: {
          gh: { command: 'x', url: 'http://127.0.0.1:1/', env: { GITHUB_TOKEN: 'ghp_supersecret' } },
          other: { command: 'y', env: { API_KEY: 42 } },
        },
      },
    });
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: 'providers.openai.api_key', received: '[redacted]' }),
    );
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: 'tools.mcpServers.other.env.API_KEY', received: '[redacted]' }),
    );
    expect(JSON.stringify(error.issues)).not.toMatch(/1234567|ghp_supersecret/);
    expect(error.message).not.toMatch(/1234567|ghp_supersecret/);
  });

  it('names the file when given one', () => {
    const error = (() => {
      try {
        parseConfig({ bus: { inboundCapacity: 0 } }, { file: '/etc/clawft.json' });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.file).toBe('/etc/clawft.json');
    expect(error.message).toMatch(/^Invalid config in \/etc\/clawft\.json \(1 problem\):/);
  });
});
