import type { StreamPart } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { applyPartHandler } from './apply-part-handler.js';

const origin = { attempt: 1, provider: 'p', model: 'm' };
const text = (value: string): StreamPart => ({ type: 'text-delta', text: value, ...origin });

/** A source that records how far it was read and the signal it was given. */
function recordingSource(count: number) {
  const seen = { pulled: 0, signal: undefined as AbortSignal | undefined, closed: false };
  const source = async function* (signal: AbortSignal) {
    seen.signal = signal;
    try {
      for (let index = 0; index < count; index += 1) {
        seen.pulled += 1;
        yield text(String(index));
      }
    } finally {
      seen.closed = true;
    }
  };
  return { seen, source };
}

async function drain(parts: AsyncIterable<StreamPart>): Promise<string[]> {
  const texts: string[] = [];
  for await (const part of parts) if (part.type === 'text-delta') texts.push(part.text);
  return texts;
}

describe('applyPartHandler', () => {
  it('awaits an async handler before reading the next part (backpressure)', async () => {
    const { seen, source } = recordingSource(5);
    const pulledAtCall: number[] = [];
    const onPart = async () => {
      pulledAtCall.push(seen.pulled);
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    expect(await drain(applyPartHandler(source, { onPart }))).toEqual(['0', '1', '2', '3', '4']);
    expect(pulledAtCall).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps state in a closure handler and in an object method', async () => {
    const counter = {
      chars: 0,
      count(part: StreamPart) {
        if (part.type === 'text-delta') this.chars += part.text.length;
      },
    };
    let parts = 0;
    const { source } = recordingSource(12);
    await drain(
      applyPartHandler(source, {
        onPart: (part) => {
          parts += 1;
          counter.count(part);
        },
      }),
    );
    expect(parts).toBe(12);
    expect(counter.chars).toBe(14);
  });

  it('stops cleanly when the handler returns false and aborts the upstream request', async () => {
    const { seen, source } = recordingSource(100);
    const texts = await drain(
      applyPartHandler(source, { onPart: (part) => !(part.type === 'text-delta' && part.text === '3') }),
    );
    expect(texts).toEqual(['0', '1', '2']);
    expect(seen.signal?.aborted).toBe(true);
    expect(seen.closed).toBe(true);
    expect(seen.pulled).toBe(4);
  });

  it('ends with the error a handler throws, upstream aborted', async () => {
    const { seen, source } = recordingSource(100);
    const failure = new Error('handler broke');
    const onPart = async (part: StreamPart) => {
      if (part.type === 'text-delta' && part.text === '2') throw failure;
    };
    await expect(drain(applyPartHandler(source, { onPart }))).rejects.toBe(failure);
    expect(seen.signal?.aborted).toBe(true);
    expect(seen.closed).toBe(true);
  });

  it("aborts the upstream when the caller's signal fires and when the consumer stops early", async () => {
    const caller = new AbortController();
    const first = recordingSource(10);
    const linked = applyPartHandler(first.source, { signal: caller.signal });
    await linked.next();
    caller.abort();
    expect(first.seen.signal?.aborted).toBe(true);
    await linked.return();

    const second = recordingSource(10);
    for await (const part of applyPartHandler(second.source)) if (part.type === 'text-delta') break;
    expect(second.seen.signal?.aborted).toBe(true);
    expect(second.seen.closed).toBe(true);
  });

  it('passes parts through untouched without a handler and leaves a finished upstream unaborted', async () => {
    const { seen, source } = recordingSource(3);
    expect(await drain(applyPartHandler(source))).toEqual(['0', '1', '2']);
    expect(seen.signal?.aborted).toBe(false);
  });
});
