import { describe, expect, it } from 'vitest';
import { parseModelId, providerModel } from './model-id.js';

describe('parseModelId', () => {
  const slots = ['openai', 'openrouter', 'groq'];

  it('splits a known provider prefix', () => {
    expect(parseModelId('groq/llama-3.3-70b', slots)).toEqual({ provider: 'groq', model: 'llama-3.3-70b' });
  });

  it('keeps the inner slash of OpenRouter ids', () => {
    expect(parseModelId('openrouter/anthropic/claude-sonnet-4', slots)).toEqual({
      provider: 'openrouter',
      model: 'anthropic/claude-sonnet-4',
    });
  });

  it('treats an unknown prefix and a bare id as a bare model', () => {
    expect(parseModelId('meta-llama/Llama-3-8B', slots)).toEqual({
      provider: undefined,
      model: 'meta-llama/Llama-3-8B',
    });
    expect(parseModelId('gpt-4o', slots)).toEqual({ provider: undefined, model: 'gpt-4o' });
  });
});

describe('providerModel', () => {
  it('drops only the leading slot of the provider that serves it', () => {
    expect(providerModel('openai', 'openai/gpt-4o')).toBe('gpt-4o');
    expect(providerModel('openrouter', 'openrouter/anthropic/claude-sonnet-4')).toBe(
      'anthropic/claude-sonnet-4',
    );
    expect(providerModel('groq', 'openai/gpt-4o')).toBe('openai/gpt-4o');
    expect(providerModel('openai', 'gpt-4o')).toBe('gpt-4o');
  });
});
