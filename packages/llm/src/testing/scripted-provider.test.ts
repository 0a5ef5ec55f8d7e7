import type { ChatRequest, StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectParts, providerFailure } from '../../test/failover-helpers.js';
import { createScriptedProvider } from './scripted-provider.js';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};

describe('createScriptedProvider', () => {
  it('plays its turns in order (the last repeats) and records every request', async () => {
    const provider = createScriptedProvider({
      id: 'p',
      turns: [
        { type: 'fail', kind: 'overloaded', status: 529 },
        { type: 'answer', chunks: ['a', 'b'], model: 'm-2025' },
      ],
    });
    expect((await providerFailure(provider.complete(request))).kind).toBe('overloaded');
    expect(await provider.complete(request)).toMatchObject({ content: 'ab', model: 'm-2025', provider: 'p' });
    const parts = await collectParts(provider.stream(request));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'usage', 'finish']);
    expect(provider.requests).toHaveLength(3);
  });

  it('fails mid-stream after its chunks, and a stall ends only on abort', async () => {
    const provider = createScriptedProvider({
      turns: [
        { type: 'fail', kind: 'network', chunks: ['x'] },
        { type: 'stall', chunks: ['y'] },
      ],
    });
    const seen: StreamPart[] = [];
    const error = await providerFailure(
      (async () => {
        for await (const part of provider.stream(request)) seen.push(part);
      })(),
    );
    expect({ kind: error.kind, phase: error.phase, parts: seen.length }).toEqual({
      kind: 'network',
      phase: 'mid-stream',
      parts: 1,
    });
    const controller = new AbortController();
    const stalled = collectParts(provider.stream(request, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    expect((await providerFailure(stalled)).kind).toBe('aborted');
  });

  it('honours onPart like a real provider', async () => {
    const provider = createScriptedProvider({ turns: [{ type: 'answer', chunks: ['1', '2', '3'] }] });
    const handled: string[] = [];
    const parts = await collectParts(
      provider.stream(request, {
        onPart: (part) => {
          handled.push(part.type);
          return !(part.type === 'text-delta' && part.text === '2');
        },
      }),
    );
    expect(handled).toEqual(['text-delta', 'text-delta']);
    expect(parts).toHaveLength(1);
  });
});
