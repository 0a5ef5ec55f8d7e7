import { parseConfig } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { buildStatus, configSecrets } from './build-status.js';

const source = { kind: 'defaults', description: 'built-in defaults' } as const;

function status(value: unknown, env: Record<string, string> = {}) {
  const { config, warnings } = parseConfig(value, { homeDir: '/home/t' });
  return buildStatus({ version: '1.2.3', source, config, warnings, env });
}

describe('buildStatus', () => {
  it('says where each provider key comes from without including it', () => {
    const report = status(
      { providers: { openai: { apiKey: 'sk-1' }, groq: {}, mistral: {} } },
      { GROQ_API_KEY: 'gsk-2', XAI_API_KEY: 'xai-3', MISTRAL_API_KEY: '' },
    );
    expect(report.providers).toEqual([
      {
        name: 'openai',
        configured: true,
        apiBase: null,
        key: 'config',
        keyEnv: 'OPENAI_API_KEY',
        keyRequired: true,
      },
      {
        name: 'groq',
        configured: true,
        apiBase: null,
        key: 'env',
        keyEnv: 'GROQ_API_KEY',
        keyRequired: true,
      },
      {
        name: 'mistral',
        configured: true,
        apiBase: null,
        key: 'none',
        keyEnv: 'MISTRAL_API_KEY',
        keyRequired: true,
      },
      { name: 'xai', configured: false, apiBase: null, key: 'env', keyEnv: 'XAI_API_KEY', keyRequired: true },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/sk-1|gsk-2|xai-3/);
  });

  it('takes key variables from the provider presets: local servers need none, custom slots have none', () => {
    const report = status({
      providers: {
        ollama: { apiBase: 'http://127.0.0.1:11434/v1' },
        'my-vllm': { apiBase: 'http://10.0.0.2/v1' },
      },
    });
    expect(report.providers).toEqual([
      {
        name: 'ollama',
        configured: true,
        apiBase: 'http://127.0.0.1:11434/v1',
        key: 'none',
        keyEnv: 'OLLAMA_API_KEY',
        keyRequired: false,
      },
      {
        name: 'my-vllm',
        configured: true,
        apiBase: 'http://10.0.0.2/v1',
        key: 'none',
        keyEnv: null,
        keyRequired: false,
      },
    ]);
  });

  it('describes MCP servers with every env value and secret header redacted', () => {
    const report = status({
      tools: {
        mcpServers: {
          fs: { command: 'npx', args: ['-y', 'fs'], env: { DB_URL: 'postgres://u:p@h/db' } },
          remote: {
            url: 'https://mcp.example.com/mcp',
            headers: { Authorization: 'Bearer x', Accept: 'json' },
          },
        },
      },
    });
    expect(report.mcpServers).toEqual([
      {
        name: 'fs',
        enabled: true,
        transport: 'stdio',
        command: 'npx',
        args: ['-y', 'fs'],
        url: null,
        env: { DB_URL: '[redacted]' },
        headers: {},
      },
      {
        name: 'remote',
        enabled: true,
        transport: 'http',
        command: null,
        args: [],
        url: 'https://mcp.example.com/mcp',
        env: {},
        headers: { Authorization: '[redacted]', Accept: 'json' },
      },
    ]);
  });

  it('summarises retry without the budget internals', () => {
    const report = status({ retry: { maxRetries: 1, budget: { enabled: false } } });
    expect(report.retry).toMatchObject({ maxRetries: 1, budgetEnabled: false });
    expect(report.retry).not.toHaveProperty('budget');
  });
});

describe('configSecrets', () => {
  it('collects API keys and secret-looking env and header values only', () => {
    const { config } = parseConfig({
      providers: { a: { apiKey: 'key-a', extraHeaders: { 'X-Api-Key': 'hdr-a', 'X-Title': 'title' } } },
      tools: { mcpServers: { s: { command: 'x', env: { GITHUB_TOKEN: 'tok', LOG_LEVEL: 'warn' } } } },
    });
    expect(configSecrets(config).sort()).toEqual(['hdr-a', 'key-a', 'tok']);
  });

  it('collects the gateway bearer tokens', () => {
    const { config } = parseConfig({
      gateway: { tokens: [{ token: 'alice-token-0123456789', senderId: 'alice' }] },
    });
    expect(configSecrets(config)).toEqual(['alice-token-0123456789']);
  });
});
