// D5: every turn outcome has a monotonic latencyMs and stage timings (queue, context, first token, each model call,
// each tool with its lock wait, persist, publish); the stages tile the turn, so they add up to latencyMs.
import type { TurnOutcome } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { endsWithToolResults, type InProcessLoop, inProcessLoop } from './agent-in-process.js';
import { createTestTools } from './agent-tools.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

const CALLS = [
  { id: 'a', name: 'wait', arguments: { ms: 20 } },
  { id: 'b', name: 'echo', arguments: { text: 'hi' } },
];

function stageSum(outcome: TurnOutcome): number {
  const { queueMs, contextMs, llmMs, toolsMs, persistMs, publishMs } = outcome.timings;
  return queueMs + contextMs + llmMs + toolsMs + persistMs + publishMs;
}

describe('AgentLoop timings', () => {
  let ws: TempWorkspace | undefined;
  let agent: InProcessLoop | undefined;
  afterEach(async () => {
    await agent?.loop.shutdown({ deadlineMs: 1000 });
    agent?.bus.close();
    await ws?.remove();
  });

  async function start(clock?: () => number, wallClock?: () => number): Promise<InProcessLoop> {
    ws = await tempWorkspace('clawft-agent-timings-');
    agent = await inProcessLoop({
      workspace: ws.dir,
      tools: createTestTools(),
      turns: (request) =>
        endsWithToolResults(request)
          ? { type: 'answer', chunks: ['done'] }
          : { type: 'answer', chunks: ['let me look'], toolCalls: CALLS },
      loop: {
        ...(clock === undefined ? {} : { clock }),
        ...(wallClock === undefined ? {} : { wallClock }),
      },
    });
    return agent;
  }

  const message = (timestamp: number) => ({
    channel: 'timing',
    senderId: 'alice',
    chatId: 'c',
    content: 'time me',
    media: [],
    metadata: {},
    timestamp,
  });

  it('with a fake clock, the stages add up to latencyMs exactly', async () => {
    let now = 1_000;
    const clock = () => {
      now += 7;
      return now;
    };
    const { loop } = await start(clock, () => 50_000);
    const { outcome } = await loop.runTurn(message(50_000 - 5), { publish: true });
    expect(outcome.end).toBe('answered');
    expect(outcome.latencyMs).toBe(stageSum(outcome));
    const { timings } = outcome;
    // 5 ms in the bus (wall clock), then the wait for the session and a slot.
    expect(timings.queueMs).toBeGreaterThan(5);
    for (const stage of [
      timings.contextMs,
      timings.llmMs,
      timings.toolsMs,
      timings.persistMs,
      timings.publishMs,
    ]) {
      expect(stage).toBeGreaterThan(0);
    }
    expect(timings.llmCalls.map((call) => call.iteration)).toEqual([1, 2]);
    expect(timings.llmCalls.reduce((sum, call) => sum + call.durationMs, 0)).toBe(timings.llmMs);
    expect(timings.firstTokenMs).toBeGreaterThan(timings.queueMs + timings.contextMs);
    expect(timings.firstTokenMs).toBeLessThan(outcome.latencyMs);
    expect(timings.tools.map((tool) => [tool.callId, tool.iteration])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    for (const tool of timings.tools) expect(tool.lockWaitMs).toBeGreaterThanOrEqual(0);
  });

  it('with the real clock, latencyMs covers the tool time and the stages add up to it', async () => {
    const { loop } = await start();
    const { outcome } = await loop.runTurn(message(Date.now()), { publish: true });
    expect(outcome.latencyMs).toBeCloseTo(stageSum(outcome), 6);
    expect(outcome.timings.toolsMs).toBeGreaterThanOrEqual(19);
    expect(outcome.latencyMs).toBeGreaterThan(outcome.timings.toolsMs);
    const waited = outcome.timings.tools.find((tool) => tool.callId === 'a');
    expect(waited?.durationMs).toBeGreaterThanOrEqual(19);
  });
});
