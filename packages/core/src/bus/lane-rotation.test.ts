import { describe, expect, it } from 'vitest';
import { LaneRotation, type RotationLane } from './lane-rotation.js';
import { RingBuffer } from './ring-buffer.js';

class Lane extends RingBuffer<string> implements RotationLane<string, Lane> {
  previousLane: Lane | undefined;
  nextLane: Lane | undefined;
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
    expect(lanes).toMatchObject({ size: 0, laneCount: 0 });
  });

  it('drops a lane emptied out of turn from the round; refilled, it joins the back', () => {
    const lanes = rotation();
    const [a, b, c] = [new Lane(), new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(a, 'a2');
    lanes.push(b, 'b1');
    lanes.push(c, 'c1');
    expect(lanes.shiftFrom(b)).toBe('b1');
    expect(lanes.laneCount).toBe(2);
    expect(b).toMatchObject({ previousLane: undefined, nextLane: undefined });
    lanes.push(b, 'b2');
    expect([lanes.shift(), lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['a1', 'c1', 'b2', 'a2']);
  });

  it('lets a lane that joins mid-round wait for the lanes already queued, not jump ahead of them', () => {
    const lanes = rotation();
    const [a, b, c] = [new Lane(), new Lane(), new Lane()];
    lanes.push(a, 'a1');
    lanes.push(a, 'a2');
    lanes.push(b, 'b1');
    lanes.push(b, 'b2');
    expect(lanes.shift()).toBe('a1');
    lanes.push(c, 'c1');
    expect([lanes.shift(), lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['b1', 'a2', 'c1', 'b2']);
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
});
