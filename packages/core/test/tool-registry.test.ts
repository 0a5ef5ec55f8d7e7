import type { Tool, ToolCall } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolEvent } from '../src/tools/tool-batch.js';
import { ToolRegistry } from '../src/tools/tool-registry.js';
import { hangingTool, sleepTool, toolsConfig } from './helpers/test-tools.js';

const workspace = process.cwd();
const call = (id: string, name: string, args: Record<string, unknown> = {}): ToolCall => ({
  id,
  name,
  arguments: args,
});

describe('ToolRegistry.runBatch', () => {
  it('runs 3 tools of 100 ms in parallel: under 200 ms in all (D1)', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() });
    for (const name of ['a', 'b', 'c']) tools.register(sleepTool(name, 100));
    const batch = [call('1', 'a'), call('2', 'b'), call('3', 'c')];
    await tools.runBatch(batch, { workspace }); // warm-up: module and JIT start-up is not the batch's cost
    // Best of three: on a shared, loaded machine one run can be descheduled; serial execution would take ≥ 300 ms.
    const elapsed: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = performance.now();
      const reports = await tools.runBatch(batch, { workspace });
      elapsed.push(performance.now() - started);
      expect(reports.map((report) => report.result.content)).toEqual(['a', 'b', 'c']);
    }
    expect(Math.min(...elapsed)).toBeLessThan(200);
  });

  it('returns results in call order when later calls finish first', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(sleepTool('sleep', 0));
    const calls = [60, 40, 20, 0].map((ms, index) => call(String(index), 'sleep', { ms }));
    const finished: string[] = [];
    const reports = await tools.runBatch(calls, {
      workspace,
      onEvent: (event) => {
        if (event.type === 'tool-finish') finished.push(event.callId);
      },
    });
    expect(reports.map((report) => report.callId)).toEqual(['0', '1', '2', '3']);
    expect(finished).toEqual(['3', '2', '1', '0']);
  });

  it('completes the siblings of a tool that throws, rejects, is unknown or gets bad arguments', async () => {
    const throwing: Tool = {
      ...sleepTool('throws', 0),
      execute: () => {
        throw new Error('boom');
      },
    };
    const rejecting: Tool = {
      ...sleepTool('rejects', 0),
      execute: async () => Promise.reject(new Error('nope')),
    };
    const tools = new ToolRegistry({ config: toolsConfig() })
      .register(sleepTool('ok', 30))
      .register(throwing)
      .register(rejecting);
    const reports = await tools.runBatch(
      [
        call('1', 'ok'),
        call('2', 'throws'),
        call('3', 'rejects'),
        call('4', 'missing'),
        call('5', 'ok', { ms: 'x' }),
      ],
      { workspace },
    );
    expect(reports.map((report) => report.result.isError)).toEqual([false, true, true, true, true]);
    expect(reports.map((report) => report.result.metadata?.errorKind)).toEqual([
      undefined,
      'execution-failed',
      'execution-failed',
      'tool-not-found',
      'invalid-arguments',
    ]);
    expect(reports[1]?.result.content).toContain('boom');
    expect(reports[3]?.result.content).toContain('Available tools: ok, throws, rejects');
    expect(reports[4]?.result.content).toContain('argument "ms" must be integer');
  });

  it('turns a hanging tool that ignores abort into a timeout and frees its path for the next batch', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() })
      .register(hangingTool('hang', { writes: ['shared.txt'] }), { timeoutMs: 50 })
      .register(sleepTool('write', 0, { writes: ['shared.txt'] }));
    const [hung] = await tools.runBatch([call('1', 'hang')], { workspace });
    expect(hung?.timedOut).toBe(true);
    expect(hung?.result.metadata?.errorKind).toBe('timeout');
    expect(tools.locks.size).toBe(0);
    const [next] = await tools.runBatch([call('2', 'write')], { workspace });
    expect(next?.result).toEqual({ content: 'write', isError: false });
  });

  it('releases the concurrency permit of a timed-out call to its batch-mates', async () => {
    const tools = new ToolRegistry({ config: toolsConfig({ maxConcurrency: 1, timeoutMs: 50 }) })
      .register(hangingTool('hang', {}))
      .register(sleepTool('quick', 0));
    const reports = await tools.runBatch([call('1', 'hang'), call('2', 'quick')], { workspace });
    expect(reports.map((report) => report.timedOut)).toEqual([true, false]);
    expect(reports[1]?.result.content).toBe('quick');
  });

  it('bounds parallel calls by maxConcurrency and reports the wait for a slot as lock wait', async () => {
    const tools = new ToolRegistry({ config: toolsConfig({ maxConcurrency: 2 }) }).register(
      sleepTool('s', 40),
    );
    const reports = await tools.runBatch([call('1', 's'), call('2', 's'), call('3', 's')], { workspace });
    const waits = reports.map((report) => report.lockWaitMs);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(30);
    expect(reports.every((report) => report.durationMs >= 30)).toBe(true);
  });

  it('serialises a tool that declares nothing (an MCP tool, say) with every path of the workspace', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() })
      .register(sleepTool('undeclared', 40, null))
      .register(sleepTool('write', 40, { writes: ['x.txt'] }));
    const reports = await tools.runBatch([call('1', 'write'), call('2', 'undeclared')], { workspace });
    expect(reports[1]?.lockWaitMs).toBeGreaterThanOrEqual(30);
  });

  it('awaits watchers and ignores one that throws', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(sleepTool('s', 0));
    const events: ToolEvent['type'][] = [];
    const [report] = await tools.runBatch([call('1', 's')], {
      workspace,
      onEvent: async (event) => {
        events.push(event.type);
        throw new Error('watcher broke');
      },
    });
    expect(report?.result.isError).toBe(false);
    expect(events).toEqual(['tool-start', 'tool-finish']);
  });

  it('cancels running calls with the batch signal and answers at once', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(hangingTool('hang', {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutdown')), 20);
    const [report] = await tools.runBatch([call('1', 'hang')], { workspace, signal: controller.signal });
    expect(report?.result.metadata?.errorKind).toBe('aborted');
  });

  it('cuts a long result to maxResultBytes and a long batch to maxBatchResultBytes', async () => {
    const big: Tool = {
      ...sleepTool('big', 0),
      execute: async () => ({ content: 'y'.repeat(50_000), isError: false }),
    };
    const tools = new ToolRegistry({
      config: toolsConfig({ maxResultBytes: 1_000, maxBatchResultBytes: 1_500 }),
    }).register(big);
    const reports = await tools.runBatch([call('1', 'big'), call('2', 'big')], { workspace });
    for (const report of reports) {
      expect(Buffer.byteLength(report.result.content)).toBeLessThanOrEqual(750);
      expect(report.result.content).toContain('bytes cut');
    }
  });
});

describe('ToolRegistry.register', () => {
  it('refuses a second tool of the same name', () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register(sleepTool('a', 0));
    expect(() => tools.register(sleepTool('a', 0))).toThrow('tool "a" is already registered');
  });

  it('refuses a name the model could not call', () => {
    const tools = new ToolRegistry({ config: toolsConfig() });
    expect(() => tools.register(sleepTool('read file', 0))).toThrow('tool name "read file" is invalid');
  });

  it('offers a zod tool as JSON Schema and validates with the zod schema', async () => {
    const tools = new ToolRegistry({ config: toolsConfig() }).register({
      name: 'shout',
      description: 'Upper-cases text.',
      schema: z.object({ text: z.string().min(1), times: z.number().int().default(1) }),
      access: () => ({}),
      execute: async ({ text, times }) => ({ content: text.toUpperCase().repeat(times), isError: false }),
    });
    expect(tools.definitions()[0]?.parameters).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 } },
      required: ['text'],
    });
    const reports = await tools.runBatch(
      [call('1', 'shout', { text: 'hi' }), call('2', 'shout', { text: '' })],
      {
        workspace,
      },
    );
    expect(reports[0]?.result.content).toBe('HI');
    expect(reports[1]?.result.content).toMatch(/invalid-arguments.*argument "text"/);
  });

  it('hides denied and not-allowed tools from the model and refuses to run them', async () => {
    const tools = new ToolRegistry({ config: toolsConfig({ allow: ['a', 'b'], deny: ['b'] }) })
      .register(sleepTool('a', 0))
      .register(sleepTool('b', 0))
      .register(sleepTool('c', 0));
    expect(tools.definitions().map((definition) => definition.name)).toEqual(['a']);
    const reports = await tools.runBatch([call('1', 'b'), call('2', 'c')], { workspace });
    expect(reports.map((report) => report.result.content)).toEqual([
      expect.stringContaining('not allowed here'),
      expect.stringContaining('not allowed here'),
    ]);
  });
});
