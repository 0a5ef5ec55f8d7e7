import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

let root: string;
let cwd: string;
let home: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-cli-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  await mkdir(cwd);
  await mkdir(join(home, '.clawft'), { recursive: true });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const clawft = (args: string[], env: Record<string, string> = {}) =>
  runBuiltCli(args, { cwd, env: { HOME: home, ...env } });

async function writeJson(path: string, value: unknown): Promise<string> {
  await writeFile(path, JSON.stringify(value, null, 2));
  return path;
}

describe('clawft (built CLI)', () => {
  it('prints the package version with --version', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const run = await clawft(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('prints usage with --help', async () => {
    const run = await clawft(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: clawft <command> \[options\]/);
    expect(run.stdout).toContain('status');
  });

  it('exits 2 with usage on an unknown command', async () => {
    const run = await clawft(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('clawft: unknown command "frobnicate"');
    expect(run.stderr).toContain('Usage: clawft');
  });

  it('exits 2 with usage on an unknown option', async () => {
    const run = await clawft(['status', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'--frobnicate'");
    expect(run.stderr).toContain('Usage: clawft');
  });

  it('runs status on the built-in defaults when no config file exists', async () => {
    const run = await clawft(['status']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Config: built-in defaults (no config file found)');
    expect(run.stdout).toMatch(new RegExp(`workspace +${escapeRegExp(join(home, '.clawft', 'workspace'))}`));
    expect(run.stdout).toContain('none configured');
    expect(run.stdout).toContain('inbound 1024, outbound 1024, overflow block');
  });

  it('uses --config, then CLAWFT_CONFIG, then ./clawft.json, then ~/.clawft/config.json', async () => {
    const model = (name: string) => ({ agents: { defaults: { model: `test/${name}` } } });
    const flagFile = await writeJson(join(root, 'flag.json'), model('flag'));
    const envFile = await writeJson(join(root, 'env.json'), model('env'));
    const cwdFile = await writeJson(join(cwd, 'clawft.json'), model('cwd'));
    const homeFile = await writeJson(join(home, '.clawft', 'config.json'), model('home'));
    const sourceOf = async (args: string[], env: Record<string, string> = {}) => {
      const run = await clawft(['status', '--json', ...args], env);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        source: { kind: string; path?: string };
        agent: { model: string };
      };
      return [report.source.kind, report.source.path, report.agent.model];
    };
    expect(await sourceOf(['--config', flagFile], { CLAWFT_CONFIG: envFile })).toEqual([
      'flag',
      flagFile,
      'test/flag',
    ]);
    expect(await sourceOf([], { CLAWFT_CONFIG: envFile })).toEqual(['env', envFile, 'test/env']);
    expect(await sourceOf([])).toEqual(['cwd', cwdFile, 'test/cwd']);
    await rm(cwdFile);
    expect(await sourceOf([])).toEqual(['home', homeFile, 'test/home']);
  });

  it('resolves a relative --config against the current directory and names the file it used', async () => {
    await writeJson(join(cwd, 'custom.json'), {});
    const run = await clawft(['status', '-c', 'custom.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Config: ${join(cwd, 'custom.json')} (from --config)`);
  });

  it('reports providers, MCP servers and budgets without ever printing a secret', async () => {
    const secrets = [
      'sk-config-SECRET-1111',
      'ghp_SECRET_2222',
      'Bearer SECRET-3333',
      'sk-env-SECRET-4444',
      'hunter2pass',
    ];
    await writeJson(join(cwd, 'clawft.json'), {
      providers: {
        openai: { api_key: secrets[0], api_base: 'https://user:hunter2pass@llm.example.com/v1' },
        groq: {},
      },
      tools: {
        mcp_servers: {
          github: {
            command: 'npx',
            args: ['-y', 'server-github'],
            env: { GITHUB_TOKEN: secrets[1], LOG_LEVEL: 'warn' },
          },
          'My-Server': {
            url: 'http://127.0.0.1:9/mcp',
            headers: { Authorization: secrets[2] },
            enabled: false,
          },
        },
      },
      routing: {
        cost_budgets: { per_sender_daily_limit_usd: 2, senders: { U01ABC: { daily_limit_usd: 5 } } },
      },
    });
    const env = { ANTHROPIC_API_KEY: secrets[3] ?? '' };
    const text = await clawft(['status'], env);
    const json = await clawft(['status', '--json'], env);
    for (const run of [text, json]) {
      expect(run.code).toBe(0);
      for (const secret of secrets) expect(run.stdout).not.toContain(secret);
    }
    expect(text.stdout).toMatch(
      /openai +https:\/\/\[redacted\]@llm\.example\.com\/v1 +key set \(in config\)/,
    );
    expect(text.stdout).toMatch(
      /groq +https:\/\/api\.groq\.com\/openai\/v1 \(preset\) +no key \(set GROQ_API_KEY or providers\.groq\.apiKey\)/,
    );
    expect(text.stdout).toMatch(
      /anthropic +https:\/\/api\.anthropic\.com\/v1 \(preset\) +key set \(ANTHROPIC_API_KEY\) +\(from environment only\)/,
    );
    expect(text.stdout).toMatch(
      /github +stdio +npx -y server-github +env: GITHUB_TOKEN=\[redacted\] LOG_LEVEL=\[redacted\]/,
    );
    expect(text.stdout).toMatch(/My-Server \(disabled\) +http +http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(text.stdout).toContain('sender U01ABC: daily $5, monthly none');
    const report = JSON.parse(json.stdout) as {
      mcpServers: { name: string; headers: Record<string, string> }[];
    };
    expect(report.mcpServers.map((server) => server.name)).toEqual(['github', 'My-Server']);
    expect(report.mcpServers[1]?.headers).toEqual({ Authorization: '[redacted]' });
  });

  it('prints config warnings for unknown keys', async () => {
    await writeJson(join(cwd, 'clawft.json'), { agents: { defaults: { max_token: 5 } }, channels: {} });
    const run = await clawft(['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Warnings (2):');
    expect(run.stdout).toContain(
      'agents.defaults.max_token: unknown key "max_token" was ignored. Did you mean "maxTokens"?',
    );
  });

  it('prints every config issue without a stack trace or a secret, and exits 1', async () => {
    await writeJson(join(cwd, 'clawft.json'), {
      providers: { openai: { api_key: 12345678 } },
      bus: { overflow_policy: 'explode' },
      tools: {
        mcpServers: {
          both: { command: 'x', url: 'http://127.0.0.1:9/', env: { API_TOKEN: 'tok-SECRET-5555' } },
        },
      },
    });
    const run = await clawft(['status']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`clawft: Invalid config in ${join(cwd, 'clawft.json')} (3 problems):`);
    expect(run.stderr).toContain(
      '  - bus.overflow_policy: expected one of block | drop-oldest | drop-newest | reject, received "explode"',
    );
    expect(run.stderr).toContain('  - providers.openai.api_key: expected a string, received [redacted]');
    expect(run.stderr).toContain('  - tools.mcpServers.both: give exactly one of "command"');
    expect(run.stderr).not.toMatch(/12345678|tok-SECRET-5555|\n\s+at /);
  });

  it('says a --config file that does not exist was not found, and exits 1', async () => {
    const run = await clawft(['status', '--config', 'missing.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`clawft: No config file at ${join(cwd, 'missing.json')}.`);
  });

  it('reports the line and column of a JSON syntax error, and exits 1', async () => {
    await writeFile(join(cwd, 'clawft.json'), '{\n  "bus": { "inbound_capacity": 10, }\n}\n');
    const run = await clawft(['status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(cwd, 'clawft.json')}:2:36: not valid JSON`);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
