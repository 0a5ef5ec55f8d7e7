// The loop over the real ToolRegistry: D1 (3 tools × 100 ms in under 200 ms through the loop), a tool that hangs
// and ignores abort ends as a timeout result and the turn answers, and parallel appends to one file through path
// locks all land.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tool, TurnEvent } from '@clawft/types';
import { TurnOutcomeSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { ToolRegistry } from '../src/tools/tool-registry.js';
import { inbound, type LoopHarness, startLoop, toolsThenAnswer } from './agent-harness.js';
import { hangingTool, sleepTool, toolsConfig } from './helpers/test-tools.js';

/** Appends its `text` and a newline to `file` in the workspace, declaring the write. */
function appendTool(): Tool {
  const path = (args: Record<string, unknown>, workspace: string) => join(workspace, String(args.file));
  return {
    name: 'append_line',
    description: 'Appends a line to a file (read, then write the whole file: racy without a lock).',
    parameters: { type: 'object', properties: { file: { type: 'string' }, text: { type: 'string' } } },
    access: (args, context) => ({ writes: [path(args, context.workspace)] }),
    async execute(args, context) {
      const file = path(args, context.workspace);
      const before = await readFile(file, 'utf8').catch(() => '');
      await new Promise((resolve) => setTimeout(resolve, 1));
      await writeFile(file, `${before}${String(args.text)}\n`);
      return { content: 'ok', isError: false };
    },
  };
}

describe('AgentLoop with the ToolRegistry', () => {
  let loop: LoopHarness | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('D1: three 100 ms tools of one turn complete in under 200 ms', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(sleepTool('nap', 100));
    const calls = ['n1', 'n2', 'n3'].map((id) => ({ id, name: 'nap', arguments: {} }));
    loop = await startLoop({ primary: toolsThenAnswer(calls, 'rested'), tools });
    // Sequential calls take 300 ms or more however fast the machine is, so the best of up to three turns under
    // 200 ms proves they ran in parallel, while a loaded machine may slow one turn past the bound.
    const toolsMs: number[] = [];
    for (let attempt = 0; attempt < 3 && !toolsMs.some((ms) => ms < 200); attempt += 1) {
      const chatId = `d1-${attempt}`;
      const events: TurnEvent[] = [];
      const stop = loop.loop.watch({ sessionKey: `test:${chatId}` }, (event) => {
        events.push(event);
      });
      const replies = loop.nextReplies(1);
      await loop.bus.publishInbound(inbound('alice', chatId, 'nap three times'));
      const [reply] = await replies;
      stop();
      const outcome = TurnOutcomeSchema.parse(reply?.metadata.outcome);
      expect(outcome.content).toBe('rested');
      expect(outcome.timings.tools.map((tool) => [tool.callId, tool.isError])).toEqual([
        ['n1', false],
        ['n2', false],
        ['n3', false],
      ]);
      // All three started before the first finished: they overlapped, whatever the clock says.
      const kinds = events.filter((event) => event.type.startsWith('tool-')).map((event) => event.type);
      expect(kinds).toEqual([
        'tool-start',
        'tool-start',
        'tool-start',
        'tool-finish',
        'tool-finish',
        'tool-finish',
      ]);
      toolsMs.push(outcome.timings.toolsMs);
    }
    expect(Math.min(...toolsMs)).toBeLessThan(200);
  });

  it('a tool that hangs and ignores abort becomes a timeout result; the turn answers', async () => {
    const tools = new ToolRegistry({ config: toolsConfig({ timeoutMs: 100 }) }).register(
      hangingTool('stuck', { writes: ['notes.txt'] }),
    );
    const calls = [{ id: 's1', name: 'stuck', arguments: {} }];
    loop = await startLoop({ primary: toolsThenAnswer(calls, 'gave up on it'), tools });
    const result = await loop.loop.runTurn(inbound('alice', 'stuck', 'try the stuck tool'));
    expect(result.outcome.content).toBe('gave up on it');
    expect(result.outcome.timings.tools).toEqual([
      expect.objectContaining({ callId: 's1', timedOut: true, isError: true }),
    ]);
    const session = await loop.sessions.load('test:stuck');
    expect(unmatchedToolCall(session.messages)).toBeUndefined();
    expect(session.messages[2]).toMatchObject({ role: 'tool', toolCallId: 's1', isError: true });
  });

  it('20 parallel appends to one file in one turn all land (path locks through the loop)', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(appendTool());
    const calls = Array.from({ length: 20 }, (_, index) => ({
      id: `a${index}`,
      name: 'append_line',
      arguments: { file: 'log.txt', text: `line ${index}` },
    }));
    loop = await startLoop({ primary: toolsThenAnswer(calls, 'appended'), tools });
    const result = await loop.loop.runTurn(inbound('alice', 'append', 'append twenty lines'));
    expect(result.outcome.content).toBe('appended');
    const lines = (await readFile(join(loop.harness.workspace, 'log.txt'), 'utf8')).trim().split('\n');
    expect(lines.sort()).toEqual(calls.map((call) => `line ${call.id.slice(1)}`).sort());
    expect(result.outcome.timings.tools.some((tool) => tool.lockWaitMs > 0)).toBe(true);
  });
});
