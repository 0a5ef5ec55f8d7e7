import { describe, expect, it } from 'vitest';
import { LaneMap } from './lane-map.js';

interface Lane {
  readonly group: string;
  readonly key: string;
  items: number;
}

function laneMap(idleKept?: number): { lanes: LaneMap<Lane>; live: Set<Lane> } {
  const live = new Set<Lane>();
  const lanes = new LaneMap<Lane>({
    create: (group, key) => ({ group, key, items: 0 }),
    isIdle: (lane) => lane.items === 0,
    live: () => live.size,
    idleKept,
  });
  return { lanes, live };
}

describe('LaneMap', () => {
  it('keeps (group, key) pairs apart even when joining them with ":" would make them equal', () => {
    const { lanes } = laneMap();
    const first = lanes.get('a:b', 'c');
    const second = lanes.get('a', 'b:c');
    expect(first).not.toBe(second);
    expect(lanes.get('a:b', 'c')).toBe(first);
    expect(lanes.find('a', 'b:c')).toBe(second);
    expect(lanes.find('a:b:c', '')).toBeUndefined();
    expect(lanes.size).toBe(2);
  });

  it('finds the lane of another group after a run of one group (the remembered group is only a shortcut)', () => {
    const { lanes } = laneMap();
    const cli = lanes.get('cli', '1');
    const telegram = lanes.get('telegram', '1');
    expect([lanes.get('cli', '1'), lanes.get('telegram', '1'), lanes.get('cli', '1')]).toEqual([
      cli,
      telegram,
      cli,
    ]);
  });

  it('retires idle lanes once they outnumber max(64, live), keeping every live one', () => {
    const { lanes, live } = laneMap();
    const busy = lanes.get('g', 'busy');
    busy.items = 1;
    live.add(busy);
    let most = 0;
    for (let key = 0; key < 100_000; key += 1) {
      lanes.get('g', `one-off-${key}`);
      lanes.released();
      most = Math.max(most, lanes.size);
    }
    expect(most).toBeLessThanOrEqual(66);
    expect(lanes.find('g', 'busy')).toBe(busy);
  });

  it('keeps idleKept emptied lanes: keys that come back round-robin find their lane again, one-off keys stay bounded', () => {
    const { lanes } = laneMap(1000);
    const first = Array.from({ length: 1000 }, (_, key) => lanes.get('g', `chat-${key}`));
    for (let round = 0; round < 5; round += 1) {
      for (let key = 0; key < 1000; key += 1) {
        // A consumer that keeps up: each chat's lane is emptied before the next chat's message arrives.
        expect(lanes.get('g', `chat-${key}`)).toBe(first[key]);
        lanes.released();
      }
    }
    expect(lanes.size).toBe(1000);
    for (let key = 0; key < 100_000; key += 1) {
      lanes.get('g', `one-off-${key}`);
      lanes.released();
      expect(lanes.size).toBeLessThanOrEqual(1001);
    }
    // With the default (64), the same round-robin over 1000 chats makes a new lane for nearly every message.
    const small = laneMap().lanes;
    const again = Array.from({ length: 1000 }, (_, key) => small.get('g', `chat-${key}`));
    const reused = again.filter((lane, key) => small.get('g', `chat-${key}`) === lane).length;
    expect(reused).toBeLessThan(100);
  });

  it('checks before it creates a lane, so lanes that never held anything cannot pile up', () => {
    const { lanes } = laneMap();
    for (let key = 0; key < 10_000; key += 1) lanes.get(`group-${key % 7}`, `refused-${key}`);
    expect(lanes.size).toBeLessThanOrEqual(65);
  });

  it('never hands out a retired lane: after a sweep the remembered lane is looked up again', () => {
    let live = 1000;
    const lanes = new LaneMap<Lane>({
      create: (group, key) => ({ group, key, items: 0 }),
      isIdle: (lane) => lane.items === 0,
      live: () => live,
    });
    for (let key = 0; key < 100; key += 1) lanes.get('g', `idle-${key}`);
    const remembered = lanes.get('g', 'x');
    expect(lanes.get('g', 'x')).toBe(remembered);
    live = 0;
    lanes.released();
    expect(lanes.size).toBe(0);
    const again = lanes.get('g', 'x');
    expect(again).not.toBe(remembered);
    expect(lanes.find('g', 'x')).toBe(again);
  });
});
