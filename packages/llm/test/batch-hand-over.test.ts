import type { LlmProvider, StreamPart } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFailover } from '../src/failover/with-failover.js';
import { createOpenAiCompatibleProvider } from '../src/providers/openai-compatible.js';
import { withRetry } from '../src/retry/with-retry.js';
import { type PartBatch, streamBatches } from '../src/stream/part-batches.js';
import { renderOpenAi } from '../src/testing/render-openai.js';
import { chatRequest, drain, type Harness, startHarness } from './support/harness.js';

const CHUNKS = 200;
const text = Array.from({ length: CHUNKS }, (_, index) => `w${index % 10} `).join('');
const rendered = renderOpenAi({ type: 'answer', text, chunks: CHUNKS }, 'gpt-4o-mini');
const body = Buffer.from([...rendered.head, ...rendered.chunks, ...rendered.tail].join(''));

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.dispose();
});

function provider(id = 'openai'): LlmProvider {
  return createOpenAiCompatibleProvider({
    id,
    baseUrl: harness.server.openAiBaseUrl,
    dispatcher: harness.agent,
  });
}

/** Serves the 200-chunk answer in 4 KiB writes, `times` times. */
function serve(times = 1): void {
  for (let index = 0; index < times; index += 1) {
    harness.server.enqueue({ type: 'raw', body, pieceBytes: 4096 });
  }
}

async function batchesOf(source: AsyncIterable<PartBatch>): Promise<PartBatch[]> {
  const batches: PartBatch[] = [];
  for await (const batch of source) batches.push(batch);
  return batches;
}

const textOf = (parts: readonly StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

describe('parts handed between layers in batches (one per network chunk)', () => {
  for (const [name, wrap] of [
    ['the HTTP provider', (inner: LlmProvider) => inner],
    ['withRetry', (inner: LlmProvider) => withRetry(inner, {}, { budget: false })],
    [
      'withFailover(withRetry)',
      (inner: LlmProvider) => withFailover([withRetry(inner, {}, { budget: false })]),
    ],
  ] as const) {
    it(`${name}: far fewer batches than parts, the same parts as stream()`, async () => {
      serve(2);
      const layered = wrap(provider());
      const batches = await batchesOf(streamBatches(layered, chatRequest('gpt-4o-mini')));
      const parts = batches.flat();
      expect(textOf(parts)).toBe(text);
      expect(batches.length).toBeLessThan(parts.length / 10);
      const streamed = await drain(layered.stream(chatRequest('gpt-4o-mini')));
      expect(streamed).toEqual(parts);
    });
  }

  it('reads a wrapper made by spreading a provider through its own stream()', async () => {
    serve();
    const inner = provider();
    const upper: LlmProvider = {
      ...inner,
      async *stream(request, options) {
        for await (const part of inner.stream(request, options))
          yield part.type === 'text-delta' ? { ...part, text: part.text.toUpperCase() } : part;
      },
    };
    const parts = await drain(withRetry(upper, {}, { budget: false }).stream(chatRequest('gpt-4o-mini')));
    expect(textOf(parts)).toBe(text.toUpperCase());
  });

  it('reads a provider whose stream() was replaced on the object through the new stream()', async () => {
    serve();
    const replaced = provider();
    const original = replaced.stream;
    let calls = 0;
    (replaced as { stream: LlmProvider['stream'] }).stream = (request, options) => {
      calls += 1;
      return original(request, options);
    };
    const parts = await drain(withFailover([replaced]).stream(chatRequest('gpt-4o-mini')));
    expect(textOf(parts)).toBe(text);
    expect(calls).toBe(1);
  });

  it('reads part by part when an onPart handler is given, so the handler sees each part', async () => {
    serve();
    const seen: string[] = [];
    const batches = await batchesOf(
      streamBatches(withRetry(provider(), {}, { budget: false }), chatRequest('gpt-4o-mini'), {
        onPart: (part) => {
          seen.push(part.type);
        },
      }),
    );
    expect(batches.every((batch) => batch.length === 1)).toBe(true);
    expect(seen).toEqual(batches.flat().map((part) => part.type));
    expect(seen.filter((type) => type === 'text-delta')).toHaveLength(CHUNKS);
  });
});
