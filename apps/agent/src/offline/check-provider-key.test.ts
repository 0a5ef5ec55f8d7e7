import { parseConfig } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { checkProviderKey } from './check-provider-key.js';

const configWith = (input: unknown) => parseConfig(input, { homeDir: '/home/x' }).config;

describe('checkProviderKey', () => {
  it('is not ready without a key for the model provider, and names the key and the variable', () => {
    const check = checkProviderKey(configWith({ agents: { defaults: { model: 'openai/gpt-4o' } } }), {});
    expect(check).toMatchObject({ ready: false, provider: 'openai' });
    expect(check.ready || check.reason).toContain('set providers.openai.apiKey or set OPENAI_API_KEY');
  });

  it('is ready with the key in the config or in the preset variable', () => {
    const inConfig = configWith({
      agents: { defaults: { model: 'openai/gpt-4o' } },
      providers: { openai: { apiKey: 'sk-1' } },
    });
    expect(checkProviderKey(inConfig, {}).ready).toBe(true);
    const fromEnv = configWith({ agents: { defaults: { model: 'openai/gpt-4o' } } });
    expect(checkProviderKey(fromEnv, { OPENAI_API_KEY: 'sk-2' }).ready).toBe(true);
    expect(checkProviderKey(fromEnv, { OPENAI_API_KEY: '' }).ready).toBe(false);
  });

  it('is ready for providers that need no key: local presets and configured custom slots', () => {
    expect(checkProviderKey(configWith({ agents: { defaults: { model: 'ollama/llama3' } } }), {}).ready).toBe(
      true,
    );
    const custom = configWith({
      agents: { defaults: { model: 'mine/m' } },
      providers: { mine: { apiBase: 'http://127.0.0.1:9/v1' } },
    });
    expect(checkProviderKey(custom, {}).ready).toBe(true);
  });
});
