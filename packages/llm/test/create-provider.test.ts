import { inspect } from 'node:util';
import { ConfigError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvider } from '../src/providers/create-provider.js';
import { PROVIDER_PRESETS } from '../src/providers/presets.js';
import { chatRequest, type Harness, startHarness } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

describe('createProvider', () => {
  it('reads the preset key variable, adds preset and extra headers, and strips the slot from the model id', async () => {
    const provider = createProvider(
      'openrouter',
      { apiBase: harness.server.openAiBaseUrl, extraHeaders: { 'X-Title': 'mine' } },
      { env: { OPENROUTER_API_KEY: 'or-key' }, dispatcher: harness.agent },
    );
    await provider.complete(chatRequest('openrouter/anthropic/claude-sonnet-4'));
    const [sent] = harness.server.requests;
    expect(sent?.headers.authorization).toBe('Bearer or-key');
    expect(sent?.headers['x-title']).toBe('mine');
    expect(sent?.headers['http-referer']).toBe(PROVIDER_PRESETS.openrouter?.headers['HTTP-Referer']);
    expect(sent?.body).toMatchObject({ model: 'anthropic/claude-sonnet-4' });
    await harness.closeAgentAndCheck();
  });

  it('speaks the Anthropic API for the anthropic preset, and for any slot with api "anthropic"', async () => {
    const preset = createProvider(
      'anthropic',
      { apiBase: harness.server.anthropicBaseUrl, apiKey: 'k' },
      { dispatcher: harness.agent },
    );
    const own = createProvider(
      'proxy',
      { apiBase: harness.server.anthropicBaseUrl, api: 'anthropic' },
      { dispatcher: harness.agent },
    );
    await preset.complete(chatRequest('anthropic/claude'));
    await own.complete(chatRequest('proxy/claude'));
    expect(harness.server.requests.map((request) => [request.api, request.headers['x-api-key']])).toEqual([
      ['anthropic', 'k'],
      ['anthropic', undefined],
    ]);
    expect(preset.capabilities.assistantPrefill).toBe(true);
    await harness.closeAgentAndCheck();
  });

  it('refuses calls with not-configured when a keyed preset has no key, without any request', async () => {
    const provider = createProvider(
      'groq',
      { apiBase: harness.server.openAiBaseUrl },
      { env: {}, dispatcher: harness.agent },
    );
    await expect(provider.complete(chatRequest('groq/llama'))).rejects.toMatchObject({
      kind: 'not-configured',
      provider: 'groq',
      model: 'llama',
      retryable: false,
    });
    expect(harness.server.requests).toHaveLength(0);
  });

  it('needs no key for local servers', async () => {
    const provider = createProvider(
      'ollama',
      { apiBase: harness.server.openAiBaseUrl },
      { env: {}, dispatcher: harness.agent },
    );
    await expect(provider.complete(chatRequest('ollama/llama3.2'))).resolves.toMatchObject({ content: 'ok' });
    expect(harness.server.requests[0]?.headers.authorization).toBeUndefined();
    await harness.closeAgentAndCheck();
  });

  it('applies global timeouts, overridden by the slot', async () => {
    harness.server.enqueue({ type: 'hang' });
    const provider = createProvider(
      'custom',
      { apiBase: harness.server.openAiBaseUrl, timeouts: { headersMs: 100 } },
      { timeouts: { headersMs: 60_000 }, dispatcher: harness.agent },
    );
    const started = performance.now();
    await expect(provider.complete(chatRequest('m'))).rejects.toMatchObject({
      kind: 'timeout',
      timeout: 'headers',
    });
    // The 100 ms slot timer, not the 60 s default; the margin holds on a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    await harness.expectNothingLeft();
  });

  it('throws a ConfigError naming the field, without the settings, for a slot with no preset and no apiBase', () => {
    const settings = { apiKey: 'sk-no-preset-secret', extraHeaders: { Authorization: 'Bearer hdr-secret' } };
    let thrown: unknown;
    try {
      createProvider('my-proxy', settings);
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.is(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      kind: 'config-invalid',
      issues: [{ path: 'providers.my-proxy.apiBase' }],
    });
    const shown = `${(thrown as Error).stack} ${JSON.stringify(thrown)} ${inspect(thrown)}`;
    expect(shown).not.toMatch(/sk-no-preset-secret|hdr-secret/);
  });

  it('throws a ConfigError that does not quote invalid settings', () => {
    const settings = { apiKey: ['sk-array-secret'], apiBase: 'https://sk-user-secret@' } as never;
    let thrown: unknown;
    try {
      createProvider('openai', settings);
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.is(thrown)).toBe(true);
    expect(`${(thrown as Error).stack} ${inspect(thrown)}`).not.toMatch(/sk-array-secret|sk-user-secret/);
  });

  it('has a preset for every provider the design lists, and for the OpenAI-compatible slots of nanobot and the Rust clawft', () => {
    expect(Object.keys(PROVIDER_PRESETS).sort()).toEqual(
      [
        'aihubmix',
        'dashscope',
        'dashscope_coding_plan',
        'kilo',
        'lm_studio',
        'minimax',
        'moonshot',
        'siliconflow',
        'volcengine',
        'zhipu',
        'anthropic',
        'custom',
        'deepseek',
        'gemini',
        'groq',
        'lmstudio',
        'mistral',
        'ollama',
        'openai',
        'openrouter',
        'together',
        'vllm',
        'xai',
      ].sort(),
    );
  });
});
