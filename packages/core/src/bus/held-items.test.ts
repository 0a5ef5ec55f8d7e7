import { describe, expect, it } from 'vitest';
import { BoundedChannel } from './bounded-channel.js';

interface Note {
  session: string;
  text: string;
}

describe('HeldItems byte accounting', () => {
  it.each([
    ['one FIFO', undefined],
    ['per-session lanes', (note: Note) => note.session],
  ])('releases an item mutated while held with the bytes it was sent at (%s)', async (_, laneOf) => {
    const channel = new BoundedChannel<Note>({ capacity: 8, maxBytes: 1000, laneOf });
    const notes = [
      { session: 'a', text: 'x'.repeat(50) },
      { session: 'b', text: 'y'.repeat(10) },
    ];
    for (const note of notes) channel.trySend(note);
    const sentBytes = channel.metrics().bytes;
    expect(sentBytes).toBeGreaterThan(60);
    // The holder of the reference keeps editing: one grows, one shrinks.
    notes[0]!.text = 'x'.repeat(400);
    notes[1]!.text = '';
    expect(channel.metrics().bytes).toBe(sentBytes);
    await channel.receive();
    await channel.receive();
    expect(channel.metrics()).toMatchObject({ depth: 0, bytes: 0 });
  });

  it('releases an evicted item with its bytes at send under drop-oldest', () => {
    const channel = new BoundedChannel<string[]>({
      capacity: 2,
      maxBytes: 1000,
      overflowPolicy: 'drop-oldest',
      sizeOf: (item) => item.length,
    });
    const first = ['a', 'b', 'c'];
    channel.trySend(first);
    channel.trySend(['d']);
    first.push('e', 'f', 'g');
    expect(channel.trySend(['h', 'i'])).toBe('dropped-oldest');
    expect(channel.metrics()).toMatchObject({ depth: 2, bytes: 3 });
  });

  it('still admits an item of maxBytes into an emptied channel after items were mutated while held', async () => {
    const channel = new BoundedChannel<number[]>({
      capacity: 4,
      maxBytes: 10,
      sizeOf: (item) => item.length,
    });
    const held = [1, 2, 3];
    channel.trySend(held);
    held.length = 0;
    await channel.receive();
    expect(channel.trySend(new Array<number>(10).fill(0))).toBe('accepted');
  });
});
