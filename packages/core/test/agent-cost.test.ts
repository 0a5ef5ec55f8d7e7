// D6 end to end: messages from alice and bob go bus → loop → pipeline → fake provider servers that ask for tools and
// fail over once. Every attempt of every model call of every turn is booked to the right sender, and the ledger sums
// equal the per-sender spend and the costs the turn outcomes report.
import type { FakeRequest, FakeStep } from '@clawft/llm/testing';
import { TurnOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { afterTools, inbound, type LoopHarness, startLoop } from './agent-harness.js';
import { createTestTools } from './agent-tools.js';
import { lastUserText } from './pipeline-harness.js';

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens });

/** Both servers: tools first, then an answer; the faults below are served once each. */
function script(faults: Map<string, FakeStep>, server: string): (request: FakeRequest) => FakeStep {
  return (request) => {
    const who = lastUserText(request).includes('alice') ? 'alice' : 'bob';
    const round = afterTools(request) ? 2 : 1;
    const fault = faults.get(`${server}:${who}:${round}`);
    if (fault !== undefined) {
      faults.delete(`${server}:${who}:${round}`);
      return fault;
    }
    if (round === 2) return { type: 'answer', text: `done, ${who}`, usage: usage(300, 40) };
    return {
      type: 'answer',
      text: '',
      toolCalls: [{ id: `${who}-1`, name: 'echo', arguments: { text: who } }],
      usage: usage(200, 20),
    };
  };
}

describe('AgentLoop cost per sender (D6)', () => {
  let loop: LoopHarness | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('books every attempt of every iteration to alice or bob, and the sums agree', async () => {
    const faults = new Map<string, FakeStep>([
      // alice, first round: the primary's stream is cut mid-way → failover to the backup.
      [
        'primary:alice:1',
        { type: 'answer', text: 'partial text', chunks: 4, chunkDelayMs: 10, cutAfterChunks: 2 },
      ],
      // bob, second round: a 500, retried on the primary.
      ['primary:bob:2', { type: 'status', status: 500 }],
    ]);
    loop = await startLoop({
      config: { failover: { targets: ['backup/model-c'] } },
      primary: script(faults, 'primary'),
      backup: script(faults, 'backup'),
      tools: createTestTools(),
    });
    const replies = loop.nextReplies(2);
    await loop.bus.publishInbound(inbound('alice', 'a', 'hello from alice'));
    await loop.bus.publishInbound(inbound('bob', 'b', 'hello from bob'));
    const outcomes = new Map(
      (await replies).map((reply) => [
        reply.metadata.senderId,
        TurnOutcomeSchema.parse(reply.metadata.outcome),
      ]),
    );
    expect(faults.size).toBe(0);
    expect(outcomes.get('alice')?.content).toBe('done, alice');
    expect(outcomes.get('bob')?.content).toBe('done, bob');

    const tracker = loop.pipeline.costTracker;
    const alice = tracker.ledger({ senderId: 'alice' });
    const bob = tracker.ledger({ senderId: 'bob' });
    expect(alice.map(({ model, success }) => [model, success])).toEqual([
      ['primary/model-a', false],
      ['backup/model-c', true],
      [expect.any(String), true],
    ]);
    expect(bob.map(({ model, success, errorKind }) => [model, success, errorKind])).toEqual([
      ['primary/model-a', true, undefined],
      ['primary/model-a', false, 'server-error'],
      ['primary/model-a', true, undefined],
    ]);
    expect(tracker.ledger()).toHaveLength(alice.length + bob.length);
    // The attempts each turn reports are the ones booked to its sender.
    expect(outcomes.get('alice')?.attempts).toBe(alice.length);
    expect(outcomes.get('bob')?.attempts).toBe(bob.length);

    const sum = (entries: readonly { costUsd: number }[]) =>
      entries.reduce((total, e) => total + e.costUsd, 0);
    for (const [sender, entries] of [
      ['alice', alice],
      ['bob', bob],
    ] as const) {
      expect(sum(entries)).toBeGreaterThan(0);
      expect(tracker.spend(sender).dailyUsd).toBeCloseTo(sum(entries), 12);
      expect(outcomes.get(sender)?.costUsd).toBeCloseTo(sum(entries), 12);
    }
    expect(tracker.spend().dailyUsd).toBeCloseTo(sum(alice) + sum(bob), 12);
  });
});
