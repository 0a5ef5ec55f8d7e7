import { describe, expect, it } from 'vitest';
import { LaneRotation } from './lane-rotation.js';
import { LinkedQueue } from './linked-queue.js';
import { RingBuffer } from './ring-buffer.js';

function rings(): LaneRotation<string, RingBuffer<string>> {
  return new LaneRotation<string, RingBuffer<string>>(() => new RingBuffer<string>());
}

describe('LaneRotation', () => {
  it('serves lanes round-robin over ring buffers, a refilled lane rejoining the back', () => {
    const lanes = rings();
    lanes.push('a', 'a1');
    lanes.push('a', 'a2');
    lanes.push('b', 'b1');
    expect([lanes.shift(), lanes.shift()]).toEqual(['a1', 'b1']);
    lanes.push('b', 'b2');
    expect([lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['a2', 'b2', undefined]);
    expect(lanes).toMatchObject({ size: 0, laneCount: 0 });
  });

  it('skips a lane emptied out of turn and keeps its old turn when it refills before that turn', () => {
    const lanes = rings();
    lanes.push('a', 'a1');
    lanes.push('b', 'b1');
    lanes.push('c', 'c1');
    expect(lanes.shiftFrom('b')).toBe('b1');
    expect(lanes.laneCount).toBe(2);
    expect(lanes.shift()).toBe('a1');
    expect(lanes.peek()).toBe('c1');
    lanes.push('b', 'b2');
    lanes.push('a', 'a2');
    expect([lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['c1', 'b2', 'a2']);
  });

  it('keeps memory proportional to live keys: 100k one-off keys leave at most 64 idle lanes', () => {
    const lanes = new LaneRotation<number, LinkedQueue<number>>(() => new LinkedQueue<number>());
    lanes.push('live', -1);
    for (let key = 0; key < 100_000; key += 1) {
      const node = lanes.push(`sender-${key}`, key);
      // Half leave by handle (out of turn, as aborted waiters do), half by shiftFrom.
      if (key % 2 === 0) lanes.removeFrom(`sender-${key}`, (items) => items.remove(node));
      else lanes.shiftFrom(`sender-${key}`);
    }
    expect(lanes).toMatchObject({ size: 1, laneCount: 1 });
    expect(lanes.retained.idleLanes).toBeLessThanOrEqual(65);
    expect(lanes.retained.rotationEntries).toBeLessThanOrEqual(66);
    expect(lanes.shift()).toBe(-1);
    expect(lanes.shift()).toBeUndefined();
  });
});
