import { describe, expect, it } from 'vitest';
import { RoundRobinLanes } from './round-robin-lanes.js';

function drainAll<T>(lanes: RoundRobinLanes<T>): T[] {
  const items: T[] = [];
  for (let item = lanes.shift(); item !== undefined; item = lanes.shift()) items.push(item);
  return items;
}

describe('RoundRobinLanes', () => {
  it('takes one item per lane in turn, each lane in its own order', () => {
    const lanes = new RoundRobinLanes<string>();
    for (const item of ['a1', 'a2', 'a3', 'a4']) lanes.push('a', item);
    lanes.push('b', 'b1');
    lanes.push('c', 'c1');
    lanes.push('c', 'c2');
    expect(drainAll(lanes)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3', 'a4']);
  });

  it('reaches a quiet lane within one round however long a flooding lane is', () => {
    const lanes = new RoundRobinLanes<string>();
    for (let index = 0; index < 10_000; index += 1) lanes.push('flood', `f${index}`);
    lanes.shift();
    lanes.push('quiet', 'q');
    expect([lanes.shift(), lanes.shift()]).toContain('q');
  });

  it('deletes a lane as soon as it is empty, on shift, shiftFrom and remove', () => {
    const lanes = new RoundRobinLanes<number>();
    for (let key = 0; key < 1000; key += 1) lanes.push(`sender-${key}`, key);
    expect(lanes.laneCount).toBe(1000);
    drainAll(lanes);
    expect(lanes.laneCount).toBe(0);
    lanes.push('x', 1);
    expect(lanes.shiftFrom('x')).toBe(1);
    const handle = lanes.push('y', 2);
    expect(lanes.remove(handle)).toBe(true);
    expect(lanes.remove(handle)).toBe(false);
    expect(lanes).toMatchObject({ laneCount: 0, size: 0 });
  });

  it('removes one item by handle and keeps the rest in order', () => {
    const lanes = new RoundRobinLanes<string>();
    lanes.push('a', 'a1');
    const middle = lanes.push('a', 'a2');
    lanes.push('a', 'a3');
    lanes.remove(middle);
    expect(lanes.laneSize('a')).toBe(2);
    expect(drainAll(lanes)).toEqual(['a1', 'a3']);
  });

  it('takes the oldest of a named lane with shiftFrom without changing whose turn it is', () => {
    const lanes = new RoundRobinLanes<string>();
    lanes.push('a', 'a1');
    lanes.push('b', 'b1');
    lanes.push('b', 'b2');
    expect(lanes.shiftFrom('b')).toBe('b1');
    expect(lanes.peek()).toBe('a1');
    expect(drainAll(lanes)).toEqual(['a1', 'b2']);
  });
});
