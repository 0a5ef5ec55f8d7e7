import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { flattenBatches } from './flatten-batches.js';
import type { PartBatch } from './part-batches.js';

const origin = { attempt: 1, provider: 'p', model: 'm' };
const text = (value: string): StreamPart => ({ type: 'text-delta', text: value, ...origin });

/** A batch source that notes how many batches were pulled and whether it was closed. */
function source(batches: PartBatch[], failWith?: Error) {
  const seen = { pulled: 0, closed: false };
  async function* run(): AsyncGenerator<PartBatch, void, undefined> {
    try {
      for (const batch of batches) {
        seen.pulled += 1;
        yield batch;
      }
      if (failWith !== undefined) throw failWith;
    } finally {
      seen.closed = true;
    }
  }
  return { seen, batches: run() };
}

const textsOf = (parts: StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.text : part.type));

describe('flattenBatches', () => {
  it('yields the parts of every batch in order, skipping empty batches', async () => {
    const { batches } = source([[text('a'), text('b')], [], [text('c')]]);
    const parts: StreamPart[] = [];
    for await (const part of flattenBatches(batches)) parts.push(part);
    expect(textsOf(parts)).toEqual(['a', 'b', 'c']);
  });

  it('pulls the next batch only once the last part of the previous one was taken and another is asked for', async () => {
    const { seen, batches } = source([[text('a'), text('b')], [text('c')]]);
    const parts = flattenBatches(batches)[Symbol.asyncIterator]();
    await parts.next();
    await parts.next();
    expect(seen.pulled).toBe(1);
    await parts.next();
    expect(seen.pulled).toBe(2);
  });

  it('closes the source when the consumer stops early', async () => {
    const { seen, batches } = source([[text('a'), text('b')], [text('c')]]);
    for await (const part of flattenBatches(batches)) if (part.type === 'text-delta') break;
    expect(seen.closed).toBe(true);
    expect(seen.pulled).toBe(1);
  });

  it('closes the source on throw(), then rejects with the error thrown in', async () => {
    const { seen, batches } = source([[text('a')], [text('b')]]);
    const parts = flattenBatches(batches)[Symbol.asyncIterator]();
    await parts.next();
    const stop = new Error('stop');
    await expect(parts.throw?.(stop)).rejects.toBe(stop);
    expect(seen.closed).toBe(true);
    expect(await parts.next()).toEqual({ value: undefined, done: true });
  });

  it('passes on the parts before a failure, then the failure, then nothing', async () => {
    const failure = new Error('cut');
    const { batches } = source([[text('a')]], failure);
    const parts = flattenBatches(batches)[Symbol.asyncIterator]();
    expect((await parts.next()).value).toMatchObject({ text: 'a' });
    await expect(parts.next()).rejects.toBe(failure);
    expect(await parts.next()).toEqual({ value: undefined, done: true });
  });

  it('answers next() calls made at once in order', async () => {
    const { batches } = source([[text('a')], [text('b'), text('c')]]);
    const parts = flattenBatches(batches)[Symbol.asyncIterator]();
    const results = await Promise.all([parts.next(), parts.next(), parts.next(), parts.next()]);
    expect(results.map((result) => (result.done ? 'done' : textsOf([result.value])[0]))).toEqual([
      'a',
      'b',
      'c',
      'done',
    ]);
  });
});
