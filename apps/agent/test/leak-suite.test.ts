import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createProvider } from '@clawft/llm';
import { loadConfig, parseConfig } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

// Every secret a config can hold, each distinctive so that any copy of it anywhere is found.
const SECRET = {
  openaiKey: 'sk-LEAK-openai-key-0001',
  extraHeader: 'LEAK-xauth-header-0002',
  urlUser: 'LEAKurluser0003',
  urlPassword: 'LEAKurlpass0004',
  urlQuery: 'LEAK-url-query-0005',
  urlSig: 'LEAK-url-sig-0006',
  anthropicKey: 'sk-ant-LEAK-key-0007',
  mcpEnv: 'ghp_LEAKmcpenv0008',
  mcpHeader: 'LEAK-mcp-header-0009',
  mcpUrl: 'LEAK-mcp-url-token-0010',
  mcpArg: 'LEAK-mcp-arg-0011',
  urlPath: 'LEAKpathKey0012abcdefghijklmnop',
  authHeader: 'LEAK-authorization-0013',
  envResolved: 'sk-LEAK-from-env-0014',
} as const;
const ALL = Object.values(SECRET);
const ENV = { HOME: '/nonexistent-home', LEAK_ENV_KEY: SECRET.envResolved };

/** Answers 401 quoting everything it received, as some providers and proxies do. */
function echoHandler(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  request.on('end', () => {
    const quoted = `${request.url} ${JSON.stringify(request.headers)}`;
    response.writeHead(401, { 'content-type': 'application/json', 'x-echo': quoted.slice(0, 2000) });
    response.end(JSON.stringify({ error: { type: 'authentication_error', message: `bad key: ${quoted}` } }));
  });
}

let server: Server;
let base: string;
let root: string;

beforeAll(async () => {
  server = createServer(echoHandler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await mkdtemp(join(tmpdir(), 'clawft-leak-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

function leakyConfig(apiBase: string): Record<string, unknown> {
  return {
    agents: { defaults: { model: 'openai/gpt-4o-mini' } },
    providers: {
      openai: {
        api_key: SECRET.openaiKey,
        api_base: `${apiBase}/v1?api-key=${SECRET.urlQuery}&sig=${SECRET.urlSig}`,
        extra_headers: { 'X-Auth': SECRET.extraHeader, Authorization: `Bearer ${SECRET.authHeader}` },
      },
      anthropic: { apiKey: SECRET.anthropicKey, apiBase: `${apiBase}/v1` },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference, resolved at load
      groq: { apiKey: '${LEAK_ENV_KEY}', apiBase: `${apiBase}/v1` },
      proxied: {
        apiBase: `http://${SECRET.urlUser}:${SECRET.urlPassword}@127.0.0.1:9/key/${SECRET.urlPath}/v1`,
      },
    },
    tools: {
      mcp_servers: {
        github: {
          command: 'no-such-mcp-binary',
          args: ['--api-key', SECRET.mcpArg],
          env: { GITHUB_TOKEN: SECRET.mcpEnv },
        },
        remote: {
          url: `${apiBase}/mcp?access_token=${SECRET.mcpUrl}`,
          headers: { 'X-Auth': SECRET.mcpHeader },
        },
      },
    },
  };
}

/** Every way an error can be shown: message, stack, cause chain, JSON, util.inspect, toInfo(). */
function exposed(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 20, showHidden: true }), JSON.stringify(error) ?? ''];
  for (let cursor: unknown = error, hops = 0; cursor instanceof Error && hops < 10; hops += 1) {
    parts.push(cursor.message, cursor.stack ?? '');
    const info = (cursor as { toInfo?: () => unknown }).toInfo?.();
    if (info !== undefined) parts.push(JSON.stringify(info));
    cursor = cursor.cause;
  }
  return parts.join('\n');
}

function expectNoSecret(text: string): void {
  for (const secret of ALL) expect(text, `leaked ${secret}`).not.toContain(secret);
}

async function failure(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('leak suite', () => {
  it('status (text and JSON) through the built CLI shows no secret', async () => {
    const file = join(root, 'status.json');
    await writeFile(file, JSON.stringify(leakyConfig(base), null, 2));
    for (const args of [['status'], ['status', '--json']]) {
      const run = await runBuiltCli([...args, '--config', file], { cwd: root, env: ENV });
      expect(run.code).toBe(0);
      expectNoSecret(run.stdout + run.stderr);
    }
  });

  it('every kind of config error through the built CLI shows no secret', async () => {
    const invalid = leakyConfig(base);
    Object.assign(invalid.providers as object, {
      'unknown-slot': { apiKey: SECRET.openaiKey, extraHeaders: { 'X-Auth': SECRET.extraHeader } },
      broken: {
        apiKey: [SECRET.openaiKey],
        apiBase: `https://${SECRET.urlUser}@`,
        timeouts: SECRET.anthropicKey,
      },
    });
    const syntax = `{\n  "providers": { "openai": { "apiKey": "${SECRET.openaiKey}" "x": 1 } },\n  "token": ${SECRET.authHeader}\n}`;
    const unterminated = `{"providers": {"openai": {"apiBase": "https://${SECRET.urlUser}:${SECRET.urlPassword}@h/v1`;
    let deep = '{}';
    for (let level = 0; level < 5000; level += 1) deep = `{"a":${deep}}`;
    const files: [string, string][] = [
      ['invalid.json', JSON.stringify(invalid)],
      ['syntax.json', syntax],
      ['unterminated.json', unterminated],
      ['deep.json', deep.replace('{}', `{"apiKey":"${SECRET.openaiKey}"}`)],
    ];
    for (const [name, text] of files) {
      const file = join(root, name);
      await writeFile(file, text);
      const run = await runBuiltCli(['status', '--config', file], { cwd: root, env: ENV });
      expect(run.code, name).toBe(1);
      expect(run.stderr, name).toMatch(/clawft: /);
      expectNoSecret(run.stdout + run.stderr);
      expectNoSecret(exposed(await failure(() => loadConfig(file, { env: ENV }))));
    }
  });

  it('provider failures (auth errors echoing the key, network errors, slots without a base URL) show no secret', async () => {
    const { config, secrets } = parseConfig(leakyConfig(base), { env: ENV });
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
      metadata: {},
    };
    const expectedKind = {
      openai: 'auth-failed',
      anthropic: 'auth-failed',
      groq: 'auth-failed',
      proxied: 'network',
    } as const;
    for (const slot of ['openai', 'anthropic', 'groq', 'proxied'] as const) {
      const provider = createProvider(slot, config.providers[slot], {
        timeouts: { connectMs: 2000, totalMs: 5000 },
        secrets,
      });
      const completed = await failure(() => provider.complete(request as never));
      expect(completed, slot).toMatchObject({ kind: expectedKind[slot] });
      expectNoSecret(exposed(completed));
      const streamed = await failure(async () => {
        for await (const _part of provider.stream(request as never)) {
          // drained only to reach the failure
        }
      });
      expectNoSecret(exposed(streamed));
    }
    const settings = {
      apiKey: SECRET.openaiKey,
      extraHeaders: { Authorization: `Bearer ${SECRET.authHeader}` },
    };
    expectNoSecret(exposed(await failure(() => createProvider('no-such-slot', settings))));
  });
});
