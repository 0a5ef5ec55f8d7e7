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
