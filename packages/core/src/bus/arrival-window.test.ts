import type { OverflowPolicy } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { ARRIVAL_WINDOW_SLOTS, ArrivalWindow } from './arrival-window.js';
import { BoundedChannel } from './bounded-channel.js';

describe('ArrivalWindow', () => {
  it(`holds up to ${ARRIVAL_WINDOW_SLOTS} entries of different keys and refuses a repeated key among them`, () => {
    const window = new ArrivalWindow<string>();
    for (let index = 0; index < ARRIVAL_WINDOW_SLOTS; index += 1) {
      expect(window.push(`item ${index}`, 'g', `chat ${index}`)).toBe(true);
    }
    expect(window.push('one too many', 'g', 'chat new')).toBe(false);
    expect(window.shift()).toBe('item 0');
    // `chat 3` is still held; `chat 0` is not any more.
    expect(window.push('again', 'g', 'chat 3')).toBe(false);
    expect(window.push('back', 'g', 'chat 0')).toBe(true);
    expect(window.size).toBe(ARRIVAL_WINDOW_SLOTS);
  });

  it('holds a run of one key and refuses a second key after it', () => {
    const window = new ArrivalWindow<number>();
    for (let index = 0; index < 3; index += 1) expect(window.push(index, 'g', 'one')).toBe(true);
    expect(window.push(3, 'g', 'two')).toBe(false);
    // The same key in another group is another lane.
    expect(window.push(3, 'h', 'one')).toBe(false);
    window.shift();
    window.shift();
    // One entry left: any key may follow, and the shape is decided again.
    expect(window.push(3, 'g', 'two')).toBe(true);
    expect(window.push(4, 'g', 'one')).toBe(false);
    expect(window.push(4, 'g', 'three')).toBe(true);
  });

  it('drains oldest first with each entry key and is empty after', () => {
    const window = new ArrivalWindow<string>();
    window.push('a', 'g1', 'k1');
    window.push('b', 'g2', 'k1');
    window.shift();
    window.push('c', 'g1', 'k2');
    const drained: string[] = [];
    window.drain((entry, group, key) => drained.push(`${entry}@${group}/${key}`));
    expect(drained).toEqual(['b@g2/k1', 'c@g1/k2']);
    expect(window.size).toBe(0);
    expect(window.shift()).toBeUndefined();
  });
});

/** Lanes served round-robin, written as plainly as possible: the order a channel with `laneOf` must give. */
class RoundRobinModel<V> {
  readonly #lanes = new Map<string, V[]>();
  readonly #turns: string[] = [];
  size = 0;

  push(key: string, value: V): void {
    const lane = this.#lanes.get(key) ?? [];
    this.#lanes.set(key, lane);
    if (lane.length === 0) this.#turns.push(key);
    lane.push(value);
    this.size += 1;
  }

  shift(): V | undefined {
    const key = this.#turns.shift();
    if (key === undefined) return undefined;
    const lane = this.#lanes.get(key) as V[];
    const value = lane.shift();
    if (lane.length > 0) this.#turns.push(key);
    this.size -= 1;
    return value;
  }

  /** Takes `value` (or, without it, the oldest) out of lane `key` without passing the turn. */
  takeFrom(key: string, value?: V): V | undefined {
    const lane = this.#lanes.get(key) ?? [];
    const index = value === undefined ? 0 : lane.indexOf(value);
    if (lane.length === 0 || index < 0) return undefined;
    const [taken] = lane.splice(index, 1);
    if (lane.length === 0) this.#turns.splice(this.#turns.indexOf(key), 1);
    this.size -= 1;
    return taken;
  }
}

interface Note {
  group: string;
  chat: string;
  id: number;
}

const keyOf = (note: Note): string => `${note.group}/${note.chat}`;

/** A small deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Drives a channel with lanes and the model through the same random sends, receives and aborts; returns what each
 * delivered and dropped, in order.
 */
async function replay(
  seed: number,
  options: { capacity: number; policy: OverflowPolicy; chats: number; groups: number; sends: number },
): Promise<{ channel: string[]; model: string[] }> {
  const next = random(seed);
  const { capacity, policy } = options;
  const seen: string[] = [];
  const channel = new BoundedChannel<Note>({
    capacity,
    overflowPolicy: policy,
    laneGroupOf: (note) => note.group,
    laneOf: (note) => note.chat,
    onDrop: (note, reason) => seen.push(`${reason} ${note.id}`),
  });
  const expected: string[] = [];
  const held = new RoundRobinModel<Note>();
  const waiting = new RoundRobinModel<Note>();
  const parked: { note: Note; abort: AbortController }[] = [];
  const admit = (): void => {
    while (waiting.size > 0 && held.size < capacity) {
      const note = waiting.shift() as Note;
      held.push(keyOf(note), note);
    }
  };
  for (let step = 0, id = 0; step < 400; step += 1) {
    const roll = next();
    if (roll < options.sends) {
      // Bursts from one chat, sometimes: runs of one key, and repeats inside the window.
      const burst = next() < 0.1 ? 1 + Math.floor(next() * 12) : 1;
      const group = Math.floor(next() * options.groups);
      const chat = Math.floor(next() * options.chats);
      for (let index = 0; index < burst; index += 1) {
        // New strings per note, as a parsed message's fields are: equal keys are never the same object.
        const note = { group: `g${group}`, chat: `c${chat}`, id: id++ };
        if (policy === 'block') {
          const abort = new AbortController();
          const sending = channel.send(note, { signal: abort.signal });
          sending.catch(() => undefined);
          if (waiting.size === 0 && held.size < capacity) held.push(keyOf(note), note);
          else {
            waiting.push(keyOf(note), note);
            parked.push({ note, abort });
          }
        } else {
          channel.trySend(note);
          if (held.size < capacity) held.push(keyOf(note), note);
          else if (policy === 'reject') expected.push(`rejected ${note.id}`);
          else if (policy === 'drop-newest') expected.push(`dropped-newest ${note.id}`);
          else {
            const evicted = held.takeFrom(keyOf(note)) ?? held.shift();
            expected.push(`dropped-oldest ${evicted?.id}`);
            held.push(keyOf(note), note);
          }
        }
      }
    } else if (roll < 0.92) {
      if (held.size === 0) continue;
      const note = held.shift() as Note;
      admit();
      expected.push(`got ${note.id}`);
      seen.push(`got ${(await channel.receive()).id}`);
    } else if (parked.length > 0) {
      const [gone] = parked.splice(Math.floor(next() * parked.length), 1);
      if (gone === undefined || waiting.takeFrom(keyOf(gone.note), gone.note) === undefined) continue;
      gone.abort.abort();
      expected.push(`aborted ${gone.note.id}`);
    }
  }
  while (held.size > 0) {
    const note = held.shift() as Note;
    admit();
    expected.push(`got ${note.id}`);
    seen.push(`got ${(await channel.receive()).id}`);
  }
  channel.close();
  return { channel: seen, model: expected };
}

describe('BoundedChannel with lanes, window or not', () => {
  const cases = [
    // Receives keep up about as often as sends come: the window fills, empties and moves into the lanes often.
    { capacity: 64, policy: 'block', chats: 4, groups: 1, sends: 0.5 },
    { capacity: 64, policy: 'block', chats: 6, groups: 2, sends: 0.5 },
    { capacity: 2, policy: 'block', chats: 3, groups: 1, sends: 0.55 },
    { capacity: 5, policy: 'block', chats: 12, groups: 2, sends: 0.55 },
    // Sends outrun receives: lanes hold most items, and senders park.
    { capacity: 64, policy: 'block', chats: 40, groups: 2, sends: 0.6 },
    { capacity: 9, policy: 'drop-oldest', chats: 2, groups: 1, sends: 0.55 },
    { capacity: 20, policy: 'drop-oldest', chats: 12, groups: 2, sends: 0.6 },
    { capacity: 12, policy: 'reject', chats: 40, groups: 1, sends: 0.6 },
    { capacity: 3, policy: 'drop-newest', chats: 1, groups: 1, sends: 0.6 },
  ] as const;
  it.each(cases)('serves the round-robin order of its lanes: %o', async (options) => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const { channel, model } = await replay(seed, options);
      expect({ seed, order: channel }).toEqual({ seed, order: model });
    }
  });
});
