import { type ChatRequest, ProviderError, type ProviderErrorKind, type StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectParts, providerFailure } from '../../test/failover-helpers.js';
import { assembleText } from '../stream/assemble-text.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import { withFailover } from './with-failover.js';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};

const types = (parts: StreamPart[]) => parts.map((part) => part.type);

/** A dies after showing "Hel"; B, which takes a prefill, fails its continuation with `kind` before any output. */
function continuationFails(kind: ProviderErrorKind, status: number) {
  const a = createScriptedProvider({
    id: 'a',
    turns: [{ type: 'fail', kind: 'stream-truncated', chunks: ['Hel'] }],
  });
  const b = createScriptedProvider({
    id: 'b',
    assistantPrefill: true,
    turns: [{ type: 'fail', kind, status }],
  });
  return { a, b };
}

describe('withFailover stream modes', () => {
  it('hold: an early failure shows nothing (no reset), then the next answer', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['ab', 'cd'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B1', 'B2'] }] });
    const parts = await collectParts(
      withFailover([a, b], { streamMode: 'hold', holdChars: 100, holdMs: 10_000 }).stream(request),
    );
    expect(types(parts)).toEqual(['failover', 'text-delta', 'text-delta', 'usage', 'finish']);
    expect(parts.some((part) => part.provider === 'a' && part.type === 'text-delta')).toBe(false);
  });

  it('hold: releases once holdChars have arrived, after which a failure resets as in restart', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['abc', 'def', 'g'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const parts = await collectParts(
      withFailover([a, b], { streamMode: 'hold', holdChars: 5, holdMs: 10_000 }).stream(request),
    );
    expect(types(parts).slice(0, 5)).toEqual(['text-delta', 'text-delta', 'text-delta', 'failover', 'reset']);
    expect(parts[4]).toMatchObject({ type: 'reset', discardedText: 'abcdefg' });
    expect(assembleText(parts)).toBe('B');
  });

  it('hold: releases held output after holdMs even while the target is silent', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'stall', chunks: ['slow'] }] });
    const controller = new AbortController();
    const stream = withFailover([a], { streamMode: 'hold', holdChars: 1_000, holdMs: 30 }).stream(request, {
      signal: controller.signal,
    });
    const startedAt = performance.now();
    const first = await stream[Symbol.asyncIterator]().next();
    expect(first.value).toMatchObject({ type: 'text-delta', text: 'slow' });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(25);
    controller.abort();
  });

  it('continue: asks an assistant-prefill target to continue the shown text, with no reset', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['Hello, ', 'wor'] }],
    });
    const b = createScriptedProvider({
      id: 'b',
      assistantPrefill: true,
      turns: [{ type: 'answer', chunks: ['ld!'] }],
    });
    const parts = await collectParts(withFailover([a, b], { streamMode: 'continue' }).stream(request));
    expect(types(parts)).not.toContain('reset');
    expect(assembleText(parts)).toBe('Hello, world!');
    expect(b.requests[0]?.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'Hello, wor',
      toolCalls: [],
    });
  });

  it('continue: behaves as restart when the next target cannot take a prefill', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['Hel'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['Fresh.'] }] });
    const parts = await collectParts(withFailover([a, b], { streamMode: 'continue' }).stream(request));
    expect(types(parts)).toContain('reset');
    expect(assembleText(parts)).toBe('Fresh.');
    expect(b.requests[0]?.messages).toHaveLength(1);
  });

  it('continue: reports the original failure when the continuation is rejected', async () => {
    const { a, b } = continuationFails('invalid-request', 400);
    const error = await providerFailure(
      collectParts(withFailover([a, b], { streamMode: 'continue' }).stream(request)),
    );
    expect(error).toMatchObject({ kind: 'stream-truncated', provider: 'a' });
  });

  it('continue: a continuation target that is only unavailable (503) moves on instead of ending the call', async () => {
    const { a, b } = continuationFails('overloaded', 503);
    const c = createScriptedProvider({ id: 'c', turns: [{ type: 'answer', chunks: ['Fresh.'] }] });
    const parts = await collectParts(withFailover([a, b, c], { streamMode: 'continue' }).stream(request));
    expect(types(parts).slice(0, 4)).toEqual(['text-delta', 'failover', 'failover', 'reset']);
    expect(parts[3]).toMatchObject({ type: 'reset', discardedText: 'Hel' });
    expect(assembleText(parts)).toBe('Fresh.');
    expect(b.requests[0]?.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Hel' });
    expect(c.requests[0]?.messages).toHaveLength(1);
  });

  it('fail: raises stream-truncated with the partial text after a mid-stream failure', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'timeout', chunks: ['par', 'tial'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const error = await providerFailure(
      collectParts(withFailover([a, b], { streamMode: 'fail' }).stream(request)),
    );
    expect(error).toMatchObject({ kind: 'stream-truncated', partialText: 'partial', phase: 'mid-stream' });
    expect(ProviderError.is(error.cause) && error.cause.kind).toBe('timeout');
    expect(b.requests).toHaveLength(0);
  });

  it('fail: still fails over a failure that came before any output', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'fail', kind: 'overloaded' }] });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    expect(
      assembleText(await collectParts(withFailover([a, b], { streamMode: 'fail' }).stream(request))),
    ).toBe('B');
  });

  it('treats a stream that ends without finish as truncated and moves on', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'answer' }] });
    const silent = { ...a, stream: async function* () {} };
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const parts = await collectParts(withFailover([silent, b]).stream(request));
    expect(parts[0]).toMatchObject({ type: 'failover', error: { kind: 'stream-truncated' } });
  });
});

describe('withFailover abort and onPart', () => {
  const phases = [
    { name: 'before the first target answers', abortAfterParts: 0 },
    { name: 'mid-stream on the first target', abortAfterParts: 2 },
    { name: 'while the next target streams after a reset', abortAfterParts: 6 },
  ];
  for (const phase of phases) {
    it(`ends with aborted and stops upstream when aborted ${phase.name}`, async () => {
      const a = createScriptedProvider({
        id: 'a',
        turns: [{ type: 'fail', kind: 'network', chunks: ['a1', 'a2', 'a3'], chunkDelayMs: 5 }],
      });
      const b = createScriptedProvider({ id: 'b', turns: [{ type: 'stall', chunks: ['b1'] }] });
      const controller = new AbortController();
      const seen: StreamPart[] = [];
      const run = collectParts(
        withFailover([a, b]).stream(request, {
          signal: controller.signal,
          onPart: (part) => {
            seen.push(part);
          },
        }),
      );
      if (phase.abortAfterParts === 0) controller.abort();
      else {
        while (seen.length < phase.abortAfterParts) await new Promise((resolve) => setTimeout(resolve, 1));
        controller.abort();
      }
      const error = await providerFailure(run);
      expect(error.kind).toBe('aborted');
      expect(seen).toHaveLength(phase.abortAfterParts);
    });
  }

  it('aborts complete() and tries no further target', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'stall' }] });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    const controller = new AbortController();
    const pending = withFailover([a, b]).complete(request, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect((await providerFailure(pending)).kind).toBe('aborted');
    expect(b.requests).toHaveLength(0);
  });

  it('feeds a stateful onPart that counts tokens and resets, so its count matches the final answer', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['x', 'y', 'z'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['one', 'two'] }] });
    const counter = { tokens: 0, resets: 0, discarded: 0 };
    const onPart = async (part: StreamPart) => {
      if (part.type === 'text-delta') counter.tokens += 1;
      if (part.type === 'reset') {
        counter.resets += 1;
        counter.discarded += counter.tokens;
        counter.tokens = 0;
      }
      await Promise.resolve();
    };
    for await (const _ of withFailover([a, b]).stream(request, { onPart })) {
      // the handler does the work; the loop only drains
    }
    expect(counter).toEqual({ tokens: 2, resets: 1, discarded: 3 });
  });

  it('stops when onPart returns false and aborts the running target', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'stall', chunks: ['a1', 'a2'] }] });
    const parts = await collectParts(
      withFailover([a]).stream(request, {
        onPart: (part) => !(part.type === 'text-delta' && part.text === 'a2'),
      }),
    );
    expect(parts.map((part) => (part.type === 'text-delta' ? part.text : part.type))).toEqual(['a1']);
  });
});
