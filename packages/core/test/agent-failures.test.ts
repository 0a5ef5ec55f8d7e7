// A turn always answers: each failure kind ends with a reply that names the kind and says what to do, and the
// session stays loadable with every assistant tool call followed by its results.
import { type OutboundMessage, TurnOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { inbound, type LoopHarness, startLoop, toolsThenAnswer } from './agent-harness.js';
import { createTestTools } from './agent-tools.js';

const dearOutput = { 'primary/model-a': { inputPerMillionUsd: 0, outputPerMillionUsd: 1000 } };
const ONE_CALL = [{ id: 'w1', name: 'wait', arguments: { ms: 1 } }];

describe('AgentLoop: a turn always answers', () => {
  let loop: LoopHarness | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  async function ask(chatId: string, content: string, senderId = 'alice'): Promise<OutboundMessage> {
    if (loop === undefined) throw new Error('start the loop first');
    const replies = loop.nextReplies(1);
    await loop.bus.publishInbound(inbound(senderId, chatId, content));
    const [reply] = await replies;
    if (reply === undefined) throw new Error('no reply');
    return reply;
  }

  async function expectLoadable(chatId: string): Promise<void> {
    const session = await loop?.sessions.load(`test:${chatId}`);
    expect(session?.issues).toEqual([]);
    expect(unmatchedToolCall(session?.messages ?? [])).toBeUndefined();
    expect(session?.messages.at(-1)?.role).toBe('assistant');
  }

  function outcomeOf(reply: OutboundMessage) {
    return TurnOutcomeSchema.parse(reply.metadata.outcome);
  }

  it('a provider failure (500s past the retries)', async () => {
    loop = await startLoop({ primary: () => ({ type: 'status', status: 500 }) });
    const reply = await ask('provider', 'hello');
    expect(reply.content).toMatch(/^I could not answer \(server-error\): .*Try again shortly/);
    expect(outcomeOf(reply)).toMatchObject({
      end: 'failed',
      success: false,
      error: { kind: 'server-error' },
    });
    expect(outcomeOf(reply).attempts).toBe(3);
    await expectLoadable('provider');
  });

  it('a budget refusal', async () => {
    loop = await startLoop({
      config: {
        pricing: dearOutput,
        routing: { costBudgets: { senders: { alice: { dailyLimitUsd: 0.01 } } } },
      },
    });
    const reply = await ask('budget', 'hello');
    expect(reply.content).toMatch(/\(budget-exceeded\): the sender-daily budget of \$0.01 is used up/);
    expect(outcomeOf(reply).error?.kind).toBe('budget-exceeded');
    expect(loop.harness.primary.requests).toHaveLength(0);
    await expectLoadable('budget');
  });

  it('a rate limit', async () => {
    loop = await startLoop({ config: { routing: { rateLimiting: { enabled: true, perSenderLimit: 1 } } } });
    expect((await ask('rate', 'first')).content).toBe('ok');
    const reply = await ask('rate', 'second');
    expect(reply.content).toMatch(/\(rate-limited\): too many requests right now. Try again in \d+ seconds?/);
    await expectLoadable('rate');
  });

  it('the iteration limit', async () => {
    loop = await startLoop({
      config: { agents: { defaults: { maxToolIterations: 3 } } },
      primary: () => ({ type: 'answer', text: '', toolCalls: ONE_CALL }),
      tools: createTestTools(),
    });
    const reply = await ask('limit', 'loop forever');
    expect(reply.content).toContain('(iteration-limit)');
    expect(reply.content).toContain('agents.defaults.maxToolIterations');
    expect(outcomeOf(reply)).toMatchObject({ end: 'iteration-limit', iterations: 3 });
    expect(loop.harness.primary.requests).toHaveLength(3);
    await expectLoadable('limit');
  });

  it('a crash of the tool runner', async () => {
    const tools = createTestTools();
    tools.crashNext = true;
    loop = await startLoop({ primary: toolsThenAnswer(ONE_CALL, 'unused'), tools });
    const reply = await ask('crash', 'use a tool');
    expect(reply.content).toMatch(/\(tool-crash\): running the tools failed with "runner exploded"/);
    const session = await loop.sessions.load('test:crash');
    expect(session.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(session.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'w1', isError: true });
    await expectLoadable('crash');
    // The next turn of the session works.
    expect((await ask('crash', 'again')).content).toBe('unused');
  });

  it('a model asking for tools when none are configured', async () => {
    loop = await startLoop({ primary: toolsThenAnswer(ONE_CALL, 'unused') });
    const reply = await ask('no-tools', 'use a tool');
    expect(reply.content).toContain('no tools are configured');
    await expectLoadable('no-tools');
  });

  it('a reply that cannot be published is reported and kept in the session', async () => {
    const problems: unknown[] = [];
    loop = await startLoop({ loop: { onProblem: (problem) => problems.push(problem) } });
    loop.bus.outbound.close();
    const result = await loop.loop.runTurn(inbound('alice', 'closed', 'hello'), { publish: true });
    expect(result.outcome.published).toBe(false);
    expect(problems).toEqual([
      expect.objectContaining({
        type: 'reply-undelivered',
        reply: expect.objectContaining({ chatId: 'closed' }),
      }),
    ]);
    const session = await loop.sessions.load('test:closed');
    expect(session.messages.at(-1)?.content).toBe('ok');
  });
});
