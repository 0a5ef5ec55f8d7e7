import { ProviderError, RoutingError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { failureReply, iterationLimitReply, toolCrashReply } from './failure-reply.js';

describe('failureReply', () => {
  it('names the kind and says what to do for a budget refusal', () => {
    const error = new RoutingError({
      kind: 'budget-exceeded',
      message: 'over',
      budget: 'sender-monthly',
      limitUsd: 5,
    });
    const reply = failureReply(error, false);
    expect(reply.end).toBe('failed');
    expect(reply.error.kind).toBe('budget-exceeded');
    expect(reply.text).toBe(
      'I could not answer (budget-exceeded): the sender-monthly budget of $5 is used up. Wait for the next budget period, or ask the operator to raise routing.costBudgets.',
    );
  });

  it('gives the wait of a rate limit in seconds', () => {
    const error = new RoutingError({ kind: 'rate-limited', message: 'full', retryAfterMs: 2500 });
    expect(failureReply(error, false).text).toContain('Try again in 3 seconds.');
  });

  it('tells to check the key for an auth failure, quoting the provider message', () => {
    const error = new ProviderError({
      kind: 'auth-failed',
      message: 'bad key',
      provider: 'p',
      model: 'm',
      phase: 'before-headers',
    });
    expect(failureReply(error, false).text).toMatch(
      /^I could not answer \(auth-failed\): .*API key.*\(bad key\)$/,
    );
  });

  it('reports an aborted turn as aborted, whatever the error', () => {
    expect(failureReply(new Error('socket closed'), true).end).toBe('aborted');
  });

  it('reports an abort during admission or of a provider call as aborted, even if the loop did not see it', () => {
    const admission = new RoutingError({
      kind: 'aborted',
      message: 'aborted while admitted',
      senderId: 'alice',
    });
    expect(failureReply(admission, false)).toMatchObject({
      end: 'aborted',
      error: { name: 'RoutingError', kind: 'aborted' },
    });
    const call = new ProviderError({
      kind: 'aborted',
      message: 'stopped',
      provider: 'p',
      model: 'm',
      phase: 'mid-stream',
    });
    expect(failureReply(call, false).end).toBe('aborted');
  });

  it('reports an unexpected error as such', () => {
    const reply = failureReply(new TypeError('x is undefined'), false);
    expect(reply.error.kind).toBe('unknown');
    expect(reply.text).toContain('an unexpected error occurred: x is undefined');
  });

  it('has replies for the iteration limit and a tool runner crash', () => {
    expect(iterationLimitReply(4)).toMatchObject({
      end: 'iteration-limit',
      error: { kind: 'iteration-limit' },
    });
    expect(toolCrashReply(new Error('boom')).text).toContain('"boom"');
  });
});
