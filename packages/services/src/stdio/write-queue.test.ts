import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

function slowSink(received: string[]): Writable {
  return new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.toString());
      setImmediate(callback);
    },
  });
}

describe('WriteQueue', () => {
  it('keeps order under backpressure with a single drain listener', async () => {
    const received: string[] = [];
    const sink = slowSink(received);
    const queue = new WriteQueue(sink, { maxBufferedBytes: 64 });
    const writes = Array.from({ length: 200 }, (_, index) => queue.write(`message ${index}\n`));
    expect(queue.queued).toBeGreaterThan(100);
    expect(sink.listenerCount('drain')).toBe(1);
    await Promise.all(writes);
    expect(sink.listenerCount('drain')).toBe(1);
    await new Promise((resolve) => sink.end(resolve));
    expect(received.join('')).toBe(Array.from({ length: 200 }, (_, index) => `message ${index}\n`).join(''));
  });

  it('rejects queued and later writes after fail() and removes its listener', async () => {
    const sink = slowSink([]);
    const queue = new WriteQueue(sink, { maxBufferedBytes: 4 });
    void queue.write('first, accepted');
    const queued = queue.write('second, queued');
    queue.fail(new Error('stream gone'));
    await expect(queued).rejects.toThrow('stream gone');
    await expect(queue.write('third')).rejects.toThrow('stream gone');
    expect(sink.listenerCount('drain')).toBe(0);
  });
});
