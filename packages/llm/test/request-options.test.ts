import type { ChatRequestInput } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvider } from '../src/providers/create-provider.js';
import { type Harness, startHarness } from './support/harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const request: ChatRequestInput = {
  model: 'm',
  messages: [
    { role: 'system', content: 'be brief' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', url: 'https://example.com/cat.png' },
        { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
      ],
    },
  ],
  tools: [{ name: 'lookup', description: 'look up', parameters: { type: 'object' } }],
  toolChoice: { name: 'lookup' },
  responseFormat: { type: 'json-schema', name: 'place', schema },
  maxTokens: 100,
  topP: 0.9,
  stopSequences: ['END'],
  seed: 7,
};

function provider(slot: string) {
  const base = slot === 'anthropic' ? harness.server.anthropicBaseUrl : harness.server.openAiBaseUrl;
  return createProvider(slot, { apiKey: 'k', apiBase: base }, { dispatcher: harness.agent });
}

describe('request options on both wire formats', () => {
  it('maps images, toolChoice, responseFormat, topP, stopSequences and seed to the chat-completions body', async () => {
    await provider('openai').complete(request);
    const body = harness.server.requests[0]?.body as Record<string, unknown>;
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
    expect(body).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema, strict: true } },
      max_tokens: 100,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
    });
  });

  it('maps them to the Messages body: images as sources, required as any, the schema as an instruction, no seed', async () => {
    await provider('anthropic').complete({ ...request, toolChoice: 'required' });
    const body = harness.server.requests[0]?.body as Record<string, unknown>;
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ]);
    expect(body).toMatchObject({
      tool_choice: { type: 'any' },
      top_p: 0.9,
      stop_sequences: ['END'],
      max_tokens: 100,
    });
    expect(body).not.toHaveProperty('seed');
    expect(String(body.system)).toContain(JSON.stringify(schema));
  });

  it('sends max_completion_tokens to OpenAI reasoning models and max_tokens to compatible servers', async () => {
    await provider('openai').complete({ ...request, model: 'gpt-5-mini' });
    await provider('openai').complete({ ...request, model: 'o3-mini' });
    await provider('groq').complete({ ...request, model: 'o3-mini' });
    await provider('openai').complete({ ...request, model: 'gpt-4o-mini' });
    const bodies = harness.server.requests.map((received) => received.body as Record<string, unknown>);
    expect(bodies.map((body) => Object.hasOwn(body, 'max_completion_tokens'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(bodies.map((body) => Object.hasOwn(body, 'max_tokens'))).toEqual([false, false, true, true]);
  });

  it('reports reasoning token counts from the usage details', async () => {
    harness.server.enqueue({
      type: 'answer',
      usage: { inputTokens: 5, outputTokens: 40, reasoningTokens: 32 },
    });
    const answer = await provider('openai').complete({
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(answer.usage).toMatchObject({ inputTokens: 5, outputTokens: 40, reasoningTokens: 32 });
  });

  it('keeps a query string of the base URL after the API path', async () => {
    const withQuery = createProvider(
      'openai',
      { apiKey: 'k', apiBase: `${harness.server.openAiBaseUrl}?api-version=2` },
      { dispatcher: harness.agent },
    );
    await withQuery.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(harness.server.requests[0]?.path).toBe('/v1/chat/completions?api-version=2');
  });
});
