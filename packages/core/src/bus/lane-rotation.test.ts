import { describe, expect, it } from 'vitest';
import { LaneRotation } from './lane-rotation.js';
import { RingBuffer } from './ring-buffer.js';

class Lane extends RingBuffer<string> {
  queued = false;
}

function rotation(emptied: Lane[] = []): LaneRotation<string, Lane> {
  return new LaneRotation<string, Lane>((lane) => emptied.push(lane));
}

describe('LaneRotation', () => {
  it('serves lanes round-robin over ring buffers, a refilled lane rejoining the back', () => {
    const lanes = rotation();
    const [a, b] = [new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(a, 'a2');
    lanes.push(b, 'b1');
    expect([lanes.shift(), lanes.shift()]).toEqual(['a1', 'b1']);
    lanes.push(b, 'b2');
    expect([lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['a2', 'b2', undefined]);
    expect(lanes).toMatchObject({ size: 0, laneCount: 0, entries: 0 });
  });

  it('skips a lane emptied out of turn and keeps its old turn when it refills before that turn', () => {
    const lanes = rotation();
    const [a, b, c] = [new Lane(), new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(b, 'b1');
    lanes.push(c, 'c1');
    expect(lanes.shiftFrom(b)).toBe('b1');
    expect(lanes.laneCount).toBe(2);
    expect(lanes.shift()).toBe('a1');
    expect(lanes.peek()).toBe('c1');
    lanes.push(b, 'b2');
    lanes.push(a, 'a2');
    expect([lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['c1', 'b2', 'a2']);
  });

  it('reports each lane that runs empty, by shift, shiftFrom or removeFrom, once per emptying', () => {
    const emptied: Lane[] = [];
    const lanes = rotation(emptied);
    const [a, b, c] = [new Lane(), new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(a, 'a2');
    lanes.push(b, 'b1');
    lanes.push(c, 'c1');
    lanes.shift();
    expect(emptied).toEqual([]);
    lanes.shiftFrom(b);
    expect(lanes.removeFrom(c, (lane) => lane.shift() !== undefined)).toBe(true);
    expect(lanes.removeFrom(c, (lane) => lane.shift() !== undefined)).toBe(false);
    lanes.shift();
    expect(emptied).toEqual([b, c, a]);
    expect(lanes).toMatchObject({ size: 0, laneCount: 0 });
  });

  it('purge drops the stale entries of lanes emptied out of turn and keeps the order of the rest', () => {
    const lanes = rotation();
    const [a, b, c] = [new Lane(), new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(b, 'b1');
    lanes.push(c, 'c1');
    lanes.shiftFrom(b);
    expect(lanes.entries).toBe(3);
    lanes.purge();
    expect(lanes.entries).toBe(2);
    expect(b.queued).toBe(false);
    expect([lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['a1', 'c1', undefined]);
  });
});
