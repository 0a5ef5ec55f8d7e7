import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

interface Report {
  warnings: { path: string; message: string }[];
  defaultModel: { provider: string | null; providerModel: string | null; problem: string | null };
  providers: { name: string; apiBase: string | null; presetBaseUrl: string | null; key: string }[];
  mcpServers: { name: string; transport: string }[];
  routing: { mode: string; selectionStrategy: string; rateLimiting: { windowMs: number } };
  timeouts: unknown;
}

async function status(name: string, env: Record<string, string>, json = true) {
  const args = ['status', '--config', fixture(name), ...(json ? ['--json'] : [])];
  return runBuiltCli(args, { cwd: '/', env: { HOME: '/nonexistent-home', ...env } });
}

describe('configs of nanobot and the Rust clawft (built CLI)', () => {
  const nanobotEnv = {
    OPENROUTER_API_KEY: 'sk-or-fixture',
    TELEGRAM_BOT_TOKEN: 'tg-fixture',
    MCP_TOKEN: 'mcp-fixture',
  };

  it('loads a nanobot config as it is and says openrouter serves the default model', async () => {
    const run = await status('nanobot.config.json', nanobotEnv);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.defaultModel).toMatchObject({
      provider: 'openrouter',
      providerModel: 'anthropic/claude-sonnet-4',
      problem: null,
    });
    const openrouter = report.providers.find((provider) => provider.name === 'openrouter');
    expect(openrouter).toMatchObject({ key: 'config', presetBaseUrl: 'https://openrouter.ai/api/v1' });
    expect(report.providers.map((provider) => provider.name)).not.toContain('openai_codex');
    expect(report.mcpServers).toEqual([
      expect.objectContaining({ name: 'filesystem', transport: 'stdio' }),
      expect.objectContaining({ name: 'remote', transport: 'http' }),
    ]);
    const warned = report.warnings.map((warning) => warning.path);
    expect(warned).toEqual(
      expect.arrayContaining([
        'channels',
        'gateway.heartbeat',
        'tools.exec.timeout',
        'providers.openai_codex',
      ]),
    );
    expect(run.stdout).not.toMatch(/sk-or-fixture|mcp-fixture|nanobot-fixture-app-code/);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference is the value under test
  it('names the path and the variable when a ${VAR} of a nanobot config is not set', async () => {
    const run = await status('nanobot.config.json', { OPENROUTER_API_KEY: 'sk-or-fixture' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tools.mcp_servers.remote.headers.Authorization');
    expect(run.stderr).toContain('MCP_TOKEN, which is not set');
    // Unknown sections are not resolved: the unset TELEGRAM_BOT_TOKEN in `channels` is no error.
    expect(run.stderr).not.toContain('TELEGRAM_BOT_TOKEN');
  });

  it('flags a default model whose provider has no key', async () => {
    const run = await status(
      'nanobot.config.json',
      { TELEGRAM_BOT_TOKEN: 't', MCP_TOKEN: 'm', OPENROUTER_API_KEY: '' },
      false,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /served by +openrouter \(agents\.defaults\.provider\), as "anthropic\/claude-sonnet-4"/,
    );
    expect(run.stdout).toMatch(
      /WARNING +provider "openrouter" has no API key: set OPENROUTER_API_KEY or providers\.openrouter\.apiKey/,
    );
  });

  it('loads a Rust clawft config as it is: snake_case enums, nulls, baseUrl, seconds', async () => {
    const run = await status('rust-clawft.config.json', {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.defaultModel).toMatchObject({
      provider: 'deepseek',
      providerModel: 'deepseek-chat',
      problem: null,
    });
    expect(report.routing).toMatchObject({
      mode: 'tiered',
      selectionStrategy: 'preference-order',
      rateLimiting: { windowMs: 60_000 },
    });
    expect(report.providers.find((provider) => provider.name === 'vllm')?.apiBase).toBe(
      'http://10.0.0.5:8000/v1',
    );
    expect(report.providers.find((provider) => provider.name === 'zhipu')?.presetBaseUrl).toBe(
      'https://open.bigmodel.cn/api/paas/v4',
    );
    const warned = report.warnings.map((warning) => warning.path);
    expect(warned).toEqual(
      expect.arrayContaining([
        'routing.rate_limiting.window_seconds',
        'providers.elevenlabs',
        'providers.openai_codex',
      ]),
    );
    expect(run.stdout).not.toContain('sk-rust-fixture-deepseek-0001');
  });
});
