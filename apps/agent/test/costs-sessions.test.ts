// Turns run in-process (createRuntime against the fake provider server) book spend and write sessions in a temp
// workspace; then the built CLI reads them back: `costs --json` (validated against its schema) and `sessions`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { ConfigSchema } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostsReportSchema } from '../src/costs/costs-report-schema.js';
import { createRuntime } from '../src/runtime/create-runtime.js';
import { runBuiltCli } from './run-built-cli.js';

let root: string;
let home: string;
let configFile: string;
let server: FakeLlmServer;

function message(senderId: string, chatId: string, content: string) {
  return { channel: 'cli', senderId, chatId, content, media: [], metadata: {}, timestamp: Date.now() };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-costs-'));
  home = join(root, 'home');
  await mkdir(home);
  server = await createFakeLlmServer({
    script: [
      { type: 'answer', text: 'one', usage: { inputTokens: 1000, outputTokens: 100 } },
      { type: 'answer', text: 'two', usage: { inputTokens: 2000, outputTokens: 200 } },
      { type: 'answer', text: 'three', usage: { inputTokens: 4000, outputTokens: 400 } },
    ],
  });
  const raw = {
    agents: { defaults: { workspace: join(root, 'workspace'), model: 'local/model-a' } },
    providers: { local: { apiBase: server.openAiBaseUrl, apiKey: 'test-key' } },
    pricing: { 'local/model-a': { inputPerMillionUsd: 1, outputPerMillionUsd: 10 } },
    routing: {
      costBudgets: {
        perSenderDailyLimitUsd: 1,
        globalMonthlyLimitUsd: 50,
        senders: { carol: { dailyLimitUsd: 0.5 } },
      },
    },
  };
  configFile = join(root, 'clawft.json');
  await writeFile(configFile, JSON.stringify(raw));
  const runtime = await createRuntime({ config: ConfigSchema.parse(raw) });
  try {
    await runtime.loop.runTurn(message('alice', 'main', 'hello'));
    await runtime.loop.runTurn(message('alice', 'main', 'again'));
    await runtime.loop.runTurn(message('bob', 'work', 'hi'));
  } finally {
    await runtime.close({ shutdownMs: 1_000 });
  }
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const clawft = (args: string[]) =>
  runBuiltCli([...args, '--config', configFile], { cwd: root, env: { HOME: home } });

describe('clawft costs (built CLI)', () => {
  it('prints the ledger by sender, model and day as JSON that matches CostsReportSchema', async () => {
    const run = await clawft(['costs', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = CostsReportSchema.parse(JSON.parse(run.stdout));
    expect(report.exists).toBe(true);
    // alice: 3000 in + 300 out tokens = 0.003 + 0.003; bob: 4000 + 400 = 0.004 + 0.004.
    expect(report.bySender.map((row) => [row.key, row.attempts])).toEqual([
      ['bob', 1],
      ['alice', 2],
    ]);
    expect(report.bySender[1]?.costUsd).toBeCloseTo(0.006, 9);
    expect(report.total.costUsd).toBeCloseTo(0.014, 9);
    expect(report.byModel).toMatchObject([{ key: 'local/model-a', attempts: 3, inputTokens: 7000 }]);
    expect(report.byDay).toHaveLength(1);
  });

  it('filters by --sender and --since, and prints a table without --json', async () => {
    const bob = CostsReportSchema.parse(
      JSON.parse((await clawft(['costs', '--json', '--sender', 'bob'])).stdout),
    );
    expect(bob.bySender.map((row) => row.key)).toEqual(['bob']);
    const future = CostsReportSchema.parse(
      JSON.parse((await clawft(['costs', '--json', '--since', '2999-01-01'])).stdout),
    );
    expect(future.total.attempts).toBe(0);
    const text = await clawft(['costs']);
    expect(text.stdout).toMatch(/alice\s+\$0\.006000\s+2/);
    expect(text.stdout).toContain('local/model-a');
    const bad = await clawft(['costs', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a day written YYYY-MM-DD (got "yesterday")');
  });
});

describe('clawft sessions (built CLI)', () => {
  it('lists, shows and deletes sessions of the configured workspace', async () => {
    const list = await clawft(['sessions', 'list', '--json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { sessions: { key: string; messages: number }[] };
    expect(listed.sessions.map((session) => [session.key, session.messages]).sort()).toEqual([
      ['cli:main', 4],
      ['cli:work', 2],
    ]);
    const show = await clawft(['sessions', 'show', 'cli:main']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('again');
    expect(show.stdout).toContain('two');
    const removed = await clawft(['sessions', 'delete', 'cli:work']);
    expect(removed.code).toBe(0);
    const after = await clawft(['sessions']);
    expect(after.stdout).toContain('cli:main');
    expect(after.stdout).not.toContain('cli:work');
    const missing = await clawft(['sessions', 'show', 'cli:work']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no session "cli:work"');
    expect((await clawft(['sessions', 'frob'])).code).toBe(2);
  });
});

describe('clawft status (built CLI) with spend', () => {
  it('reports spend per sender against the budgets from the cost file', async () => {
    const run = await clawft(['status', '--json']);
    expect(run.code).toBe(0);
    const { spend } = JSON.parse(run.stdout) as {
      spend: { exists: boolean; global: { monthlyUsd: number; monthlyLimitUsd: number }; senders: unknown[] };
    };
    expect(spend.exists).toBe(true);
    expect(spend.global.monthlyUsd).toBeCloseTo(0.014, 9);
    expect(spend.global.monthlyLimitUsd).toBe(50);
    expect(spend.senders).toEqual([
      {
        senderId: 'bob',
        dailyUsd: expect.closeTo(0.008, 9),
        monthlyUsd: expect.closeTo(0.008, 9),
        dailyLimitUsd: 1,
        monthlyLimitUsd: null,
      },
      {
        senderId: 'alice',
        dailyUsd: expect.closeTo(0.006, 9),
        monthlyUsd: expect.closeTo(0.006, 9),
        dailyLimitUsd: 1,
        monthlyLimitUsd: null,
      },
      { senderId: 'carol', dailyUsd: 0, monthlyUsd: 0, dailyLimitUsd: 0.5, monthlyLimitUsd: null },
    ]);
    const text = await clawft(['status']);
    expect(text.stdout).toContain('sender alice: today $0.006000 of $1.0000');
    expect(text.stdout).toContain('all senders: today $0.0140, this month $0.0140 of $50.0000');
  });
});

describe('a corrupt cost file', () => {
  it('fails clawft costs with the file named, while clawft status reports it and goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clawft-corrupt-'));
    try {
      await mkdir(join(dir, 'workspace'));
      await writeFile(join(dir, 'workspace', 'costs.json'), '{ not json');
      const config = join(dir, 'clawft.json');
      await writeFile(
        config,
        JSON.stringify({ agents: { defaults: { workspace: join(dir, 'workspace') } } }),
      );
      const run = (args: string[]) =>
        runBuiltCli([...args, '--config', config], { cwd: dir, env: { HOME: home } });
      const costs = await run(['costs']);
      expect(costs.code).toBe(1);
      expect(costs.stderr).toContain('cost-file-corrupt');
      expect(costs.stderr).toContain(join(dir, 'workspace', 'costs.json'));
      const status = await run(['status']);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('cannot read the cost file: cost-file-corrupt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
