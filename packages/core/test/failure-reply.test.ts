// What a failed turn tells the person, by error family and kind.
import { ProviderError, RoutingError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { failureReply } from '../src/agent/failure-reply.js';

describe('failureReply', () => {
  it('ends a turn as aborted when the pipeline was aborted during admission, even if the loop did not see it', () => {
    const error = new RoutingError({ kind: 'aborted', message: 'aborted while admitted', senderId: 'alice' });
    const reply = failureReply(error, false);
    expect(reply.end).toBe('aborted');
    expect(reply.error).toMatchObject({ name: 'RoutingError', kind: 'aborted' });
  });

  it('ends a turn as aborted for a provider call that was aborted', () => {
    const error = new ProviderError({
      kind: 'aborted',
      message: 'stopped',
      provider: 'p',
      model: 'm',
      phase: 'mid-stream',
    });
    expect(failureReply(error, false).end).toBe('aborted');
  });

  it('names the budget of a budget refusal and says what to do', () => {
    const error = new RoutingError({
      kind: 'budget-exceeded',
      message: 'over',
      budget: 'sender-daily',
      limitUsd: 2,
    });
    const reply = failureReply(error, false);
    expect(reply.end).toBe('failed');
    expect(reply.text).toContain('(budget-exceeded)');
    expect(reply.text).toContain('sender-daily budget of $2');
    expect(reply.text).toContain('routing.costBudgets');
  });
});
