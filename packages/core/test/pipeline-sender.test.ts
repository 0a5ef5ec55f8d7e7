// D6: the sender travels from the InboundMessage through the bus, the ChatRequest and the RoutingDecision to the
// cost tracker, and every provider attempt (a retry, a failover) is booked to that sender at its model's price.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InboundMessage, OutboundMessage, ResponseOutcome } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageBus } from '../src/bus/message-bus.js';
import { inboundRequest } from '../src/pipeline/inbound-request.js';
import { type Harness, scriptByText, startHarness, TEST_PRICING } from './pipeline-harness.js';

const message = (senderId: string, chatId: string): InboundMessage => ({
  channel: 'test',
  senderId,
  chatId,
  content: `hello from ${senderId}`,
  media: [],
  metadata: {},
  timestamp: Date.now(),
});

describe('Pipeline sender attribution (bus → pipeline → fake providers → ledger)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('books every attempt of alice and bob to the right sender, model and price', async () => {
    harness = await startHarness(
      { failover: { targets: ['backup/model-c'] } },
      {
        primary: scriptByText({
          // alice: a 500 (retried), then an answer.
          alice: [
            { type: 'status', status: 500 },
            { type: 'answer', text: 'hi alice', usage: { inputTokens: 1000, outputTokens: 500 } },
          ],
          // bob: the stream is cut after two chunks (no retry after output): failover to the backup.
          bob: [
            {
              type: 'answer',
              text: 'partial answer for bob',
              chunks: 4,
              chunkDelayMs: 20,
              cutAfterChunks: 2,
            },
          ],
        }),
        backup: scriptByText({
          bob: [{ type: 'answer', text: 'hi bob', usage: { inputTokens: 2000, outputTokens: 300 } }],
        }),
      },
    );
    const outcomes: ResponseOutcome[] = [];
    const pipeline = await harness.pipeline({ onOutcome: (outcome) => outcomes.push(outcome) });
    const bus = new MessageBus({ config: { inboundCapacity: 8 } });
    const replies: OutboundMessage[] = [];
    bus.subscribe('test', (reply) => {
      replies.push(reply);
    });
    const dispatching = bus.dispatchOutbound();
    await bus.publishInbound(message('alice', 'a'));
    await bus.publishInbound(message('bob', 'b'));
    for (let turn = 0; turn < 2; turn += 1) {
      const inbound = await bus.consumeInbound();
      const { request, options } = inboundRequest(inbound, { model: harness.config.agents.defaults.model });
      const { response } = await pipeline.complete(request, options);
      await bus.publishOutbound({
        channel: inbound.channel,
        chatId: inbound.chatId,
        content: response.content,
        media: [],
        metadata: {},
      });
    }
    bus.close();
    await dispatching;

    expect(replies.map((reply) => [reply.chatId, reply.content]).sort()).toEqual([
      ['a', 'hi alice'],
      ['b', 'hi bob'],
    ]);
    expect(outcomes.map((outcome) => outcome.decision.senderId).sort()).toEqual(['alice', 'bob']);

    const tracker = pipeline.costTracker;
    const alice = tracker.ledger({ senderId: 'alice' });
    expect(
      alice.map(({ model, attempt, success, errorKind }) => ({ model, attempt, success, errorKind })),
    ).toEqual([
      { model: 'primary/model-a', attempt: 1, success: false, errorKind: 'server-error' },
      { model: 'primary/model-a', attempt: 2, success: true, errorKind: undefined },
    ]);
    expect(alice[0]?.costUsd).toBe(0);
    expect(alice[1]?.costUsd).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6, 12);

    const bob = tracker.ledger({ senderId: 'bob' });
    expect(bob.map(({ model, attempt, success }) => ({ model, attempt, success }))).toEqual([
      { model: 'primary/model-a', attempt: 1, success: false },
      { model: 'backup/model-c', attempt: 2, success: true },
    ]);
    // The cut stream reported no usage: its prompt and the text it streamed are booked as estimates.
    const partial = bob[0];
    expect(partial?.usageReported).toBe(false);
    expect(partial?.usage.inputTokens).toBeGreaterThan(0);
    expect(partial?.usage.outputTokens).toBeGreaterThan(0);
    const price = TEST_PRICING['primary/model-a'];
    expect(partial?.costUsd).toBeCloseTo(
      ((partial?.usage.inputTokens ?? 0) * price.inputPerMillionUsd +
        (partial?.usage.outputTokens ?? 0) * price.outputPerMillionUsd) /
        1e6,
      12,
    );
    expect(bob[1]?.costUsd).toBeCloseTo((2000 * 3 + 300 * 6) / 1e6, 12);

    const sum = (entries: { costUsd: number }[]) =>
      entries.reduce((total, entry) => total + entry.costUsd, 0);
    expect(tracker.spend('alice').dailyUsd).toBeCloseTo(sum(alice), 12);
    expect(tracker.spend('bob').dailyUsd).toBeCloseTo(sum(bob), 12);
    expect(tracker.spend().dailyUsd).toBeCloseTo(sum(tracker.ledger()), 12);
    expect(sum(outcomes.map((outcome) => ({ costUsd: outcome.costUsd })))).toBeCloseTo(
      sum(tracker.ledger()),
      12,
    );
    expect(tracker.spend().reservedUsd).toBe(0);
    // The spend and the ledger survive a restart: a new pipeline loads them from the workspace's file store.
    await pipeline.flush();
    const restarted = await harness.pipeline();
    expect(restarted.costTracker.spend('alice').dailyUsd).toBeCloseTo(sum(alice), 12);
    expect(restarted.costTracker.ledger({ senderId: 'bob' })).toEqual(bob);
    expect((await stat(join(harness.workspace, 'costs', 'ledger.jsonl'))).mode & 0o777).toBe(0o600);
    await Promise.all([pipeline.close(), restarted.close()]);
    // Every request reached the fake servers: 2 primary calls for alice, 1 primary + 1 backup for bob.
    expect(harness.primary.requests).toHaveLength(3);
    expect(harness.backup.requests).toHaveLength(1);
  });
});
