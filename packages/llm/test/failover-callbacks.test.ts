import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ProviderError, type StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { withRetry } from '../src/retry/with-retry.js';
import type { FakeStep } from '../src/testing/index.js';
import { type Endpoint, request } from './failover-helpers.js';
import { useOpenedEndpoints } from './failover-hooks.js';

const opened = useOpenedEndpoints();

async function endpoint(id: string, script: FakeStep[]): Promise<Endpoint> {
  return opened.endpoint({ id, script });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('abort during each phase (real sockets)', () => {
  const phases: {
    name: string;
    a: 'hang' | 'slow' | 'reset';
    b: FakeStep;
    abortAfter: (part: StreamPart) => boolean;
  }[] = [
    { name: 'waiting for A’s headers', a: 'hang', b: { type: 'answer' }, abortAfter: () => false },
    {
      name: 'mid-stream on A',
      a: 'slow',
      b: { type: 'answer' },
      abortAfter: (part) => part.type === 'text-delta',
    },
    {
      name: 'connecting to B after the failover',
      a: 'reset',
      b: { type: 'hang' },
      abortAfter: (part) => part.type === 'reset',
    },
    {
      name: 'mid-stream on B',
      a: 'reset',
      b: { type: 'answer', text: 'bbbbbbbbbb', chunks: 10, chunkDelayMs: 30 },
      abortAfter: (part) => part.type === 'text-delta' && part.provider === 'b',
    },
  ];
  for (const phase of phases) {
    it(`ends with aborted within a few ms and leaves no socket open: ${phase.name}`, async () => {
      const a =
        phase.a === 'reset'
          ? await opened.resetting(2)
          : (
              await endpoint(
                'a',
                phase.a === 'hang'
                  ? [{ type: 'hang' }]
                  : [{ type: 'answer', text: 'aaaaaaaaaa', chunks: 10, chunkDelayMs: 30 }],
              )
            ).provider;
      const b = await endpoint('b', [phase.b]);
      const controller = new AbortController();
      let abortedAt = 0;
      const abort = () => {
        abortedAt = performance.now();
        controller.abort();
      };
      if (phase.a === 'hang') setTimeout(abort, 50);
      const stream = withFailover([a, b.provider]).stream(request, {
        signal: controller.signal,
        onPart: (part) => {
          if (phase.abortAfter(part)) setTimeout(abort, 5);
        },
      });
      const error = await (async () => {
        for await (const _ of stream) {
          // drained; onPart decides when to abort
        }
      })().catch((thrown: unknown) => thrown);
      expect(ProviderError.is(error) && error.kind).toBe('aborted');
      expect(performance.now() - abortedAt).toBeLessThan(1_000);
      if (phase.b.type === 'answer' && phase.a !== 'reset') expect(b.server.requests).toHaveLength(0);
    });
  }
});

describe('D7: onPart callbacks over real sockets', () => {
  it('a stateful callback counts tokens and resets; its count ends equal to the answer it kept', async () => {
    const a = await opened.resetting(5);
    const b = await endpoint('b', [{ type: 'answer', text: 'x'.repeat(40), chunks: 40 }]);
    const counter = {
      tokens: 0,
      resets: 0,
      discardedTokens: 0,
      onPart(part: StreamPart) {
        if (part.type === 'text-delta') this.tokens += 1;
        if (part.type === 'reset') {
          this.resets += 1;
          this.discardedTokens += this.tokens;
          this.tokens = 0;
        }
      },
    };
    for await (const _ of withFailover([a, b.provider]).stream(request, {
      onPart: (part) => counter.onPart(part),
    })) {
      // the callback keeps the state
    }
    expect({ tokens: counter.tokens, resets: counter.resets, discarded: counter.discardedTokens }).toEqual({
      tokens: 40,
      resets: 1,
      discarded: 5,
    });
  });

  it('an object handler keeps its state in its own fields (onPart called as a method)', async () => {
    class TokenCounter {
      #tokens = 0;
      #resets = 0;
      get counts() {
        return { tokens: this.#tokens, resets: this.#resets };
      }
      async onPart(part: StreamPart): Promise<void> {
        await Promise.resolve();
        if (part.type === 'text-delta') this.#tokens += 1;
        if (part.type === 'reset') {
          this.#resets += 1;
          this.#tokens = 0;
        }
      }
    }
    const a = await opened.resetting(5);
    const b = await endpoint('b', [{ type: 'answer', text: 'z'.repeat(30), chunks: 30 }]);
    const counter = new TokenCounter();
    for await (const _ of withFailover([a, b.provider]).stream(request, { onPart: counter })) {
      // the object keeps the state
    }
    expect(counter.counts).toEqual({ tokens: 30, resets: 1 });
  });

  it('returning false stops the stream and closes the upstream connection', async () => {
    const b = await endpoint('b', [{ type: 'answer', text: 'y'.repeat(100), chunks: 100, chunkDelayMs: 10 }]);
    let seen = 0;
    for await (const _ of withFailover([b.provider]).stream(request, { onPart: () => ++seen < 3 })) {
      // stops at the third part
    }
    expect(seen).toBe(3);
    await b.server.waitForNoConnections(1_000);
  });

  it('onPart works on the bare provider and on withRetry, each part seen once, retry parts included', async () => {
    const b = await endpoint('b', [
      { type: 'answer', text: 'hello', chunks: 5 },
      { type: 'status', status: 503 },
      { type: 'answer', text: 'again', chunks: 5 },
    ]);
    const bare: string[] = [];
    for await (const _ of b.provider.stream(request, { onPart: (part) => void bare.push(part.type) })) {
      // the callback records
    }
    expect(bare).toEqual([...Array(5).fill('text-delta'), 'usage', 'finish']);
    const retried: string[] = [];
    const wrapped = withRetry(b.provider, { maxRetries: 2, baseDelayMs: 1 }, { budget: false });
    for await (const _ of wrapped.stream(request, { onPart: (part) => void retried.push(part.type) })) {
      // the callback records
    }
    expect(retried).toEqual(['retry', ...Array(5).fill('text-delta'), 'usage', 'finish']);
  });

  for (const layer of ['provider', 'withFailover'] as const) {
    it(`a slow async callback on a 10k-chunk stream keeps memory flat: ${layer}`, async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const CHUNKS = 10_000;
      const CHUNK_CHARS = layer === 'provider' ? 200 : 20;
      const b = await endpoint('b', [
        { type: 'answer', text: 'z'.repeat(CHUNKS * CHUNK_CHARS), chunks: CHUNKS },
      ]);
      const heap: number[] = [];
      let parts = 0;
      const onPart = async (part: StreamPart) => {
        if (part.type !== 'text-delta') return;
        parts += 1;
        await new Promise((resolve) => setImmediate(resolve));
        if (parts % 100 === 0) await sleep(1);
        if (parts === 1_000 || parts === 9_500) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
      };
      const stream =
        layer === 'provider'
          ? b.provider.stream(request, { onPart })
          : withFailover([b.provider]).stream(request, { onPart });
      for await (const _ of stream) {
        // drained; the slow callback sets the pace
      }
      expect(parts).toBe(CHUNKS);
      const growth = (heap[1] ?? 0) - (heap[0] ?? 0);
      // Buffering the 8 500 parts between the samples would cost over 1 MB of part objects and text. withFailover
      // keeps the text shown since the last reset (for reset.discardedText), compactly: 8 500 × 20 = 170 kB here.
      expect(growth).toBeLessThan(500_000);
    }, 30_000);
  }
});
