// Per-session order: many sessions, several messages each, published at once. Each session's turns run one at a
// time in arrival order (its history alternates message → its answer), sessions overlap, and no more than
// `maxConcurrentTurns` turns run at once.
import type { ChatRequest, OutboundMessage } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessLoop, inProcessLoop } from './agent-in-process.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

const SESSIONS = 40;
const MESSAGES = 5;
const CAP = 6;

function lastUser(request: ChatRequest): string {
  const content = request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  return typeof content === 'string'
    ? content
    : content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

describe('AgentLoop: per-session order', () => {
  let ws: TempWorkspace | undefined;
  let agent: InProcessLoop | undefined;
  afterEach(async () => {
    await agent?.loop.shutdown({ deadlineMs: 1000 });
    agent?.bus.close();
    await ws?.remove();
  });

  it(`runs ${SESSIONS} sessions × ${MESSAGES} messages in order per session, at most ${CAP} turns at once`, async () => {
    ws = await tempWorkspace('clawft-agent-order-');
    let seed = 3;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    agent = await inProcessLoop({
      workspace: ws.dir,
      maxConcurrentTurns: CAP,
      turns: (request) => ({
        type: 'answer',
        chunks: [`re:${lastUser(request)}`],
        chunkDelayMs: Math.floor(random() * 4),
      }),
    });
    let running = 0;
    let maxRunning = 0;
    for (let session = 0; session < SESSIONS; session += 1) {
      agent.loop.watch({ sessionKey: `order:s${session}` }, (event) => {
        if (event.type === 'turn-start') maxRunning = Math.max(maxRunning, ++running);
        if (event.type === 'turn-finish') running -= 1;
      });
    }
    const replies: OutboundMessage[] = [];
    const all = new Promise<void>((resolve) => {
      agent?.bus.subscribe('order', (reply) => {
        replies.push(reply);
        if (replies.length === SESSIONS * MESSAGES) resolve();
      });
    });
    const dispatching = agent.bus.dispatchOutbound();
    void agent.loop.start();
    for (let index = 0; index < MESSAGES; index += 1) {
      for (let session = 0; session < SESSIONS; session += 1) {
        await agent.bus.publishInbound({
          channel: 'order',
          senderId: `u${session}`,
          chatId: `s${session}`,
          content: `s${session}-m${index}`,
          media: [],
          metadata: {},
          timestamp: Date.now(),
        });
      }
    }
    await all;
    expect(maxRunning).toBeGreaterThan(1);
    expect(maxRunning).toBeLessThanOrEqual(CAP);
    for (let session = 0; session < SESSIONS; session += 1) {
      const { messages } = await agent.sessions.load(`order:s${session}`);
      const expected = Array.from({ length: MESSAGES }, (_, index) => [
        `s${session}-m${index}`,
        `re:s${session}-m${index}`,
      ]).flat();
      expect(messages.map((message) => message.content)).toEqual(expected);
      const answers = replies.filter((reply) => reply.chatId === `s${session}`).map((reply) => reply.content);
      expect(answers).toEqual(expected.filter((text) => text.startsWith('re:')));
    }
    agent.bus.close();
    await dispatching;
  }, 30_000);

  it('takes at most 2 × maxConcurrentTurns messages from the bus; the rest wait there', async () => {
    ws = await tempWorkspace('clawft-agent-order-');
    agent = await inProcessLoop({
      workspace: ws.dir,
      maxConcurrentTurns: 1,
      turns: () => ({ type: 'answer', chunks: ['slow'], chunkDelayMs: 30 }),
    });
    for (let index = 0; index < 10; index += 1) {
      await agent.bus.publishInbound({
        channel: 'order',
        senderId: 'u',
        chatId: `c${index}`,
        content: `m${index}`,
        media: [],
        metadata: {},
        timestamp: Date.now(),
      });
    }
    let replies = 0;
    agent.bus.subscribe('order', () => {
      replies += 1;
    });
    const dispatching = agent.bus.dispatchOutbound();
    void agent.loop.start();
    let maxHeld = 0;
    while (replies < 10) {
      maxHeld = Math.max(maxHeld, agent.loop.load.held);
      expect(agent.loop.load.running).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(maxHeld).toBe(2);
    agent.bus.close();
    await dispatching;
  }, 30_000);
});
