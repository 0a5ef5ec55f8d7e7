import { describe, expect, it } from 'vitest';
import { ChannelLanes } from './channel-lanes.js';

interface Message {
  channel: string;
  chatId: string;
  text: string;
}

function lanes(): ChannelLanes<Message, Message, string> {
  return new ChannelLanes<Message, Message, string>({
    laneGroupOf: (message) => message.channel,
    laneOf: (message) => message.chatId,
  });
}

const message = (channel: string, chatId: string, text: string): Message => ({ channel, chatId, text });

describe('ChannelLanes', () => {
  it('gives the held items and the waiting senders of one session the same lane object', () => {
    const channel = lanes();
    const lane = channel.laneFor(message('cli', '1', 'a'));
    channel.held.push(lane, message('cli', '1', 'a'));
    channel.waiting.push(lane.waiting, 'sender of b');
    expect(channel.laneFor(message('cli', '1', 'b'))).toBe(lane);
    expect(lane.waiting.lane).toBe(lane);
    expect(channel.waiting.shift()).toBe('sender of b');
    expect(lane.idle).toBe(false);
    expect(channel.held.shift()?.text).toBe('a');
    expect(lane.idle).toBe(true);
  });

  it('never mixes two sessions whose channel and chatId join to the same sessionKey', () => {
    const channel = lanes();
    const flood = message('a:b', 'c', 'flood');
    const quiet = message('a', 'b:c', 'quiet');
    for (let index = 0; index < 5; index += 1) channel.held.push(channel.laneFor(flood), flood);
    channel.held.push(channel.laneFor(quiet), quiet);
    expect(channel.laneFor(flood)).not.toBe(channel.laneFor(quiet));
    expect([channel.held.shift()?.text, channel.held.shift()?.text]).toEqual(['flood', 'quiet']);
  });

  it('retires idle lanes as sessions come and go: 100k one-off sessions leave at most 64 idle lanes', () => {
    const channel = lanes();
    const live = message('cli', 'live', 'stays');
    channel.held.push(channel.laneFor(live), live);
    for (let index = 0; index < 100_000; index += 1) {
      const once = message('cli', `chat-${index}`, 'once');
      const lane = channel.laneFor(once);
      // Half leave as held items (shiftFrom), half as waiting senders that gave up (removeFrom).
      if (index % 2 === 0) {
        channel.held.push(lane, once);
        channel.held.shiftFrom(lane);
      } else {
        const node = channel.waiting.push(lane.waiting, 'sender');
        channel.waiting.removeFrom(lane.waiting, (queue) => queue.remove(node));
      }
    }
    expect(channel.laneCount).toBeLessThanOrEqual(66);
    expect(channel.held.shift()).toBe(live);
    expect(channel.held.shift()).toBeUndefined();
  });

  it('keeps a lane that still has a waiting sender while its held items run out', () => {
    const channel = lanes();
    const parked = message('cli', 'parked', 'p');
    const lane = channel.laneFor(parked);
    channel.waiting.push(lane.waiting, 'sender of p');
    for (let index = 0; index < 1000; index += 1) {
      const once = message('cli', `chat-${index}`, 'once');
      channel.held.push(channel.laneFor(once), once);
      channel.held.shift();
    }
    expect(channel.laneFor(parked)).toBe(lane);
    expect(channel.waiting.shift()).toBe('sender of p');
  });
});

/** A small deterministic PRNG (mulberry32), so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The documented round-robin, written plainly: a ring of sessions that hold items, a new one joining just before
 * the session whose turn it is; a session leaves the ring when its last item goes, in turn or out of turn.
 */
class ReferenceRotation {
  readonly #queues = new Map<string, string[]>();
  readonly #ring: string[] = [];
  #current = 0;

  push(session: string, text: string): void {
    const queue = this.#queues.get(session) ?? [];
    this.#queues.set(session, queue);
    if (queue.length === 0) {
      this.#ring.splice(this.#current, 0, session);
      if (this.#ring.length > 1) this.#current += 1;
    }
    queue.push(text);
  }

  shift(): string | undefined {
    const session = this.#ring[this.#current];
    if (session === undefined) return undefined;
    const queue = this.#queues.get(session) as string[];
    const text = queue.shift();
    if (queue.length > 0) this.#current = (this.#current + 1) % this.#ring.length;
    else this.#leave(this.#current);
    return text;
  }

  shiftFrom(session: string): string | undefined {
    const queue = this.#queues.get(session);
    const text = queue?.shift();
    if (text !== undefined && queue?.length === 0) this.#leave(this.#ring.indexOf(session));
    return text;
  }

  get live(): number {
    return this.#ring.length;
  }

  #leave(index: number): void {
    this.#ring.splice(index, 1);
    if (index < this.#current) this.#current -= 1;
    if (this.#current >= this.#ring.length) this.#current = 0;
  }
}

describe('ChannelLanes against a reference round-robin', () => {
  it.each([
    ['few sessions, deep lanes (items behind the head)', 1, 3, 0.6],
    ['many sessions, mostly one item each', 2, 400, 0.5],
    ['sessions coming and going (lanes retired and re-created)', 3, 5000, 0.45],
  ])(
    'serves the same order under random pushes, shifts and out-of-turn removals: %s',
    (_, seed, sessions, pushShare) => {
      const next = random(seed);
      const channel = lanes();
      const reference = new ReferenceRotation();
      const mismatches: string[] = [];
      let idleOverBound = 0;
      for (let step = 0; step < 20_000; step += 1) {
        const roll = next();
        const session = `chat-${Math.floor(next() * sessions)}`;
        let got: string | undefined;
        let want: string | undefined;
        if (roll < pushShare) {
          const text = `${session}#${step}`;
          const item = message('cli', session, text);
          channel.held.push(channel.laneFor(item), item);
          reference.push(session, text);
        } else if (roll < 0.9) {
          got = channel.held.shift()?.text;
          want = reference.shift();
        } else {
          // Out of turn, as `drop-oldest` evicts: the session's own oldest item.
          got = channel.held.shiftFrom(channel.laneFor(message('cli', session, '')))?.text;
          want = reference.shiftFrom(session);
        }
        if (got !== want || channel.held.laneCount !== reference.live) {
          mismatches.push(
            `step ${step}: got ${got}, want ${want}; live ${channel.held.laneCount} vs ${reference.live}`,
          );
        }
        // Idle lanes kept stay bounded by max(64, live lanes) (+1 just created), however many sessions came and went.
        if (channel.laneCount - reference.live > Math.max(65, reference.live + 1)) idleOverBound += 1;
      }
      expect(mismatches.slice(0, 3)).toEqual([]);
      expect(idleOverBound).toBe(0);
      for (let text = reference.shift(); text !== undefined; text = reference.shift()) {
        expect(channel.held.shift()?.text).toBe(text);
      }
      expect(channel.held.shift()).toBeUndefined();
      expect(channel.held.size).toBe(0);
    },
  );

  it('keeps one lane FIFO as it grows past its first item and its ring, and shrinks back', () => {
    const channel = lanes();
    const lane = channel.laneFor(message('cli', 'one', ''));
    const expected: string[] = [];
    let sent = 0;
    for (const [pushes, shifts] of [
      [1, 1],
      [2, 1],
      [40, 10],
      [1, 32],
      [100, 100],
    ] as const) {
      for (let index = 0; index < pushes; index += 1) {
        const text = `m${sent++}`;
        channel.held.push(lane, message('cli', 'one', text));
        expected.push(text);
      }
      for (let index = 0; index < shifts; index += 1) {
        expect(lane.peek()?.text).toBe(expected[0]);
        expect(channel.held.shift()?.text).toBe(expected.shift());
      }
      expect(lane.size).toBe(expected.length);
    }
    expect(lane.shift()).toBeUndefined();
    expect(lane.peek()).toBeUndefined();
  });
});
