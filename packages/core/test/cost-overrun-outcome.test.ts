// Spend beyond the reservation, through the whole pipeline: a provider that reports more output tokens than the
// request's maxTokens costs more than the worst case reserved; the outcome and the tracker flag it.
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './pipeline-harness.js';

// $1000 per million output tokens: 100 max tokens reserve $0.10; 300 reported output tokens cost $0.30.
const dearOutput = { 'primary/model-a': { inputPerMillionUsd: 0, outputPerMillionUsd: 1000 } };

describe('Pipeline cost overrun', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('flags the USD booked beyond the reservation in the outcome and counts it', async () => {
    harness = await startHarness(
      { pricing: dearOutput },
      {
        primary: [
          { type: 'answer', text: 'long', usage: { inputTokens: 10, outputTokens: 300 } },
          { type: 'answer', text: 'short', usage: { inputTokens: 10, outputTokens: 50 } },
        ],
      },
    );
    const pipeline = await harness.pipeline();
    const ask = (content: string) => ({
      model: 'primary/model-a',
      messages: [{ role: 'user' as const, content }],
      maxTokens: 100,
      senderId: 'alice',
    });
    const over = await pipeline.complete(ask('write a lot'));
    expect(over.outcome.costUsd).toBeCloseTo(0.3, 9);
    expect(over.outcome.costOverrunUsd).toBeCloseTo(0.2, 9);
    const within = await pipeline.complete(ask('write a little'));
    expect(within.outcome.costUsd).toBeCloseTo(0.05, 9);
    expect(within.outcome.costOverrunUsd).toBeUndefined();
    expect(pipeline.costTracker.overruns).toMatchObject({ count: 1 });
    expect(pipeline.costTracker.ledger({ senderId: 'alice' })[0]?.overrunUsd).toBeCloseTo(0.2, 9);
  });
});
