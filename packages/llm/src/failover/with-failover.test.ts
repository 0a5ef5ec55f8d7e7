import { type ChatRequest, ProviderError } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { collectParts, providerFailure } from '../../test/failover-helpers.js';
import { Circuit } from '../circuit-breaker/circuit.js';
import { assembleText } from '../stream/assemble-text.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import type { AttemptReport } from './failover-options.js';
import { withFailover } from './with-failover.js';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};
const answerB = ['The ', 'whole ', 'answer.'];

describe('withFailover (restart mode)', () => {
  it('emits failover then reset after a mid-stream failure, then the next target from scratch', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['Par', 'tial'] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: answerB }] });
    const parts = await collectParts(withFailover([a, { provider: b, model: 'm2' }]).stream(request));
    expect(parts.map((part) => part.type)).toEqual([
      'text-delta',
      'text-delta',
      'failover',
      'reset',
      'text-delta',
      'text-delta',
      'text-delta',
      'usage',
      'finish',
    ]);
    expect(parts[2]).toMatchObject({
      from: { provider: 'a', model: 'm' },
      to: { provider: 'b', model: 'm2' },
    });
    expect(parts[2]).toMatchObject({ provider: 'a', model: 'm', error: { kind: 'network' } });
    expect(parts[3]).toMatchObject({ discardedText: 'Partial', discardedToolCalls: 0, provider: 'a' });
    expect(parts.slice(4).every((part) => part.provider === 'b' && part.model === 'm2')).toBe(true);
    expect(assembleText(parts)).toBe(answerB.join(''));
    expect(b.requests[0]?.model).toBe('m2');
  });

  it('moves on without a reset when the failure came before any output', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'fail', kind: 'overloaded', status: 529 }] });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: answerB }] });
    const parts = await collectParts(withFailover([a, b]).stream(request));
    expect(parts.map((part) => part.type)).not.toContain('reset');
    expect(parts[0]).toMatchObject({ type: 'failover', error: { kind: 'overloaded', status: 529 } });
  });

  it('never emits a tool call from a failed attempt, and emits the finished attempt’s calls once', async () => {
    const stale = { id: 'call_a', name: 'search', arguments: { q: 'half' } };
    const fresh = { id: 'call_b', name: 'search', arguments: { q: 'whole' } };
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'stream-truncated', chunks: ['x'], toolCalls: [stale] }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', toolCalls: [fresh] }] });
    const parts = await collectParts(withFailover([a, b]).stream(request));
    const calls = parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolCall] : []));
    expect(calls).toEqual([fresh]);
    expect(parts.find((part) => part.type === 'reset')).toMatchObject({ discardedToolCalls: 1 });
  });

  it('reports every attempt’s usage, including the failed partial one, and the winner’s model and usage', async () => {
    const partialUsage = { inputTokens: 12, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const finalUsage = { inputTokens: 12, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'network', chunks: ['a', 'b', 'c'], usage: partialUsage }],
    });
    const b = createScriptedProvider({
      id: 'b',
      turns: [{ type: 'answer', chunks: answerB, usage: finalUsage, model: 'b-2025' }],
    });
    const reports: AttemptReport[] = [];
    const parts = await collectParts(
      withFailover([a, b], { onAttempt: (report) => reports.push(report) }).stream(request),
    );
    expect(
      reports.map(({ provider, outcome, usage, textChars }) => ({ provider, outcome, usage, textChars })),
    ).toEqual([
      { provider: 'a', outcome: 'failure', usage: partialUsage, textChars: 3 },
      { provider: 'b', outcome: 'success', usage: finalUsage, textChars: answerB.join('').length },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: finalUsage, provider: 'b', model: 'b-2025' });
    expect(parts.filter((part) => part.type === 'usage').map((part) => part.provider)).toEqual(['a', 'b']);
  });

  it('throws all-providers-failed listing every attempt with target, kind, status and phase', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'rate-limited', status: 429 }],
    });
    const b = createScriptedProvider({
      id: 'b',
      turns: [{ type: 'fail', kind: 'server-error', status: 503, chunks: ['x'] }],
    });
    const error = await providerFailure(
      collectParts(withFailover([a, { provider: b, model: 'big' }]).stream(request)),
    );
    expect(error.kind).toBe('all-providers-failed');
    expect(
      error.attempts.map(({ provider, model, kind, status, phase }) => ({
        provider,
        model,
        kind,
        status,
        phase,
      })),
    ).toEqual([
      { provider: 'a', model: 'm', kind: 'rate-limited', status: 429, phase: 'before-headers' },
      { provider: 'b', model: 'big', kind: 'server-error', status: 503, phase: 'mid-stream' },
    ]);
  });

  it('does not fail over an invalid request: the same request would fail anywhere', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'invalid-request', status: 400 }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: answerB }] });
    const error = await providerFailure(collectParts(withFailover([a, b]).stream(request)));
    expect(error.kind).toBe('invalid-request');
    expect(b.requests).toHaveLength(0);
  });

  it('sends context-length-exceeded to the context-length target only', async () => {
    const a = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'context-length-exceeded', status: 400 }],
    });
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['from b'] }] });
    const big = createScriptedProvider({ id: 'big', turns: [{ type: 'answer', chunks: ['from big'] }] });
    const parts = await collectParts(
      withFailover([a, b], { contextLengthTarget: { provider: big, model: 'm-1m' } }).stream(request),
    );
    expect(assembleText(parts)).toBe('from big');
    expect(big.requests[0]?.model).toBe('m-1m');
    expect(b.requests).toHaveLength(0);
    const without = await providerFailure(withFailover([a, b]).complete(request));
    expect(without.kind).toBe('context-length-exceeded');
  });

  it('skips the targets sharing a provider id after auth-failed, and moves on at once when Retry-After was too long', async () => {
    const a1 = createScriptedProvider({
      id: 'a',
      turns: [{ type: 'fail', kind: 'auth-failed', status: 401 }],
    });
    const a2 = createScriptedProvider({ id: 'a', turns: [{ type: 'answer', chunks: ['a2'] }] });
    const c = createScriptedProvider({
      id: 'c',
      turns: [{ type: 'fail', kind: 'invalid-request', status: 400, retryWaitTooLong: true }],
    });
    const d = createScriptedProvider({ id: 'd', turns: [{ type: 'answer', chunks: ['d'] }] });
    const response = await withFailover([a1, a2, c, d], { failoverKinds: ['auth-failed'] }).complete(request);
    expect(response.content).toBe('d');
    expect(a2.requests).toHaveLength(0);
  });

  it('fails over complete() too and returns the answering target’s response', async () => {
    const a = createScriptedProvider({ id: 'a', turns: [{ type: 'fail', kind: 'timeout' }] });
    const b = createScriptedProvider({
      id: 'b',
      turns: [{ type: 'answer', chunks: answerB, model: 'b-model' }],
    });
    const response = await withFailover([a, b]).complete(request);
    expect(response).toMatchObject({ content: answerB.join(''), provider: 'b', model: 'b-model' });
  });

  it('rethrows an error that is not a ProviderError (a bug in a target) instead of hiding it', async () => {
    const broken = createScriptedProvider({ id: 'a', turns: [{ type: 'answer' }] });
    const bug = new TypeError('bug');
    const a = { ...broken, complete: () => Promise.reject(bug) };
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer' }] });
    await expect(withFailover([a, b]).complete(request)).rejects.toBe(bug);
  });
});

describe('withFailover with misbehaving targets', () => {
  it('fails over a target whose stream() throws a ProviderError at once, and rethrows a plain bug', async () => {
    const thrower = createScriptedProvider({ id: 'a', turns: [{ type: 'answer' }] });
    const refusing = {
      ...thrower,
      stream: () => {
        throw new ProviderError({
          kind: 'not-configured',
          message: 'no key',
          provider: 'a',
          model: 'm',
          phase: 'before-headers',
        });
      },
    };
    const b = createScriptedProvider({ id: 'b', turns: [{ type: 'answer', chunks: ['B'] }] });
    expect(assembleText(await collectParts(withFailover([refusing, b]).stream(request)))).toBe('B');

    const bug = new TypeError('bug');
    const circuit = new Circuit({ failureThreshold: 1, cooldownMs: 0 });
    const buggy = {
      ...thrower,
      stream: () => {
        throw bug;
      },
    };
    await expect(collectParts(withFailover([{ provider: buggy, circuit }, b]).stream(request))).rejects.toBe(
      bug,
    );
    expect(circuit.state).toBe('closed');
    expect(circuit.acquire()).toEqual({ allowed: true, probe: false });
  });
});
