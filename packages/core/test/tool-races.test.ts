import { readFile, symlink } from 'node:fs/promises';
import type { Tool, ToolCall } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltinTools } from '../src/tools/builtin/create-builtin-tools.js';
import { ToolRegistry } from '../src/tools/tool-registry.js';
import { builtinRegistry, toolCall } from './helpers/builtin-registry.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';
import { delay, hangingTool, toolsConfig } from './helpers/test-tools.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace('clawft-races-');
});
afterEach(() => ws.remove());

/** Built-in tools whose `execute` counts calls in flight per tool name, with a pause to widen race windows. */
function instrumentedRegistry(pauseMs: number) {
  const config = toolsConfig({ maxConcurrency: 64 });
  const registry = new ToolRegistry({ config });
  const inFlight = { now: 0, max: 0, log: [] as string[] };
  for (const tool of createBuiltinTools(config, { workspace: ws.dir })) {
    const original = tool.execute.bind(tool);
    registry.register({
      ...tool,
      async execute(args, context) {
        inFlight.now += 1;
        inFlight.max = Math.max(inFlight.max, inFlight.now);
        inFlight.log.push(`start ${tool.name}`);
        try {
          await delay(pauseMs);
          return await original(args, context);
        } finally {
          inFlight.now -= 1;
          inFlight.log.push(`end ${tool.name}`);
        }
      },
    });
  }
  return { registry, inFlight };
}

describe('parallel tool calls on real files', () => {
  it('lands every one of 50 parallel edit_file appends to one file, 100 times over', async () => {
    const registry = builtinRegistry(ws.dir, { maxConcurrency: 50 });
    for (let run = 0; run < 100; run += 1) {
      await ws.write('log.txt', 'END\n');
      const calls: ToolCall[] = Array.from({ length: 50 }, (_, index) =>
        toolCall('edit_file', { path: 'log.txt', oldText: 'END\n', newText: `line ${index}\nEND\n` }),
      );
      const reports = await registry.runBatch(calls, { workspace: ws.dir });
      expect(reports.filter((report) => report.result.isError)).toEqual([]);
      const lines = (await readFile(ws.path('log.txt'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(51);
      expect(new Set(lines).size).toBe(51);
    }
    expect(registry.locks.size).toBe(0);
  }, 180_000);

  it('runs writes to different files at the same time (max in flight ≥ 2)', async () => {
    const { registry, inFlight } = instrumentedRegistry(30);
    const calls = ['a', 'b', 'c', 'd'].map((name) =>
      toolCall('write_file', { path: `${name}.txt`, content: name }),
    );
    await registry.runBatch(calls, { workspace: ws.dir });
    expect(inFlight.max).toBeGreaterThanOrEqual(2);
  });

  it('serialises writes through a symlink alias with writes to its target', async () => {
    await ws.write('target.txt', 'start');
    await symlink(ws.path('target.txt'), ws.path('alias.txt'));
    const { registry, inFlight } = instrumentedRegistry(20);
    const calls = Array.from({ length: 6 }, (_, index) =>
      toolCall('write_file', { path: index % 2 === 0 ? 'alias.txt' : 'target.txt', content: `v${index}` }),
    );
    await registry.runBatch(calls, { workspace: ws.dir });
    expect(inFlight.max).toBe(1);
    expect(await readFile(ws.path('target.txt'), 'utf8')).toBe('v5');
  });

  it('makes exec wait for writers before it, and writers after it wait for exec', async () => {
    const { registry, inFlight } = instrumentedRegistry(30);
    const reports = await registry.runBatch(
      [
        toolCall('write_file', { path: 'x.txt', content: 'from write' }),
        toolCall('exec', { command: 'cat x.txt' }),
        toolCall('write_file', { path: 'x.txt', content: 'after exec' }),
      ],
      { workspace: ws.dir },
    );
    expect(reports[1]?.result.content).toContain('from write');
    expect(inFlight.log).toEqual([
      'start write_file',
      'end write_file',
      'start exec',
      'end exec',
      'start write_file',
      'end write_file',
    ]);
  });

  it('times out a tool that never resolves (ignoring abort); the same path is writable in the next batch', async () => {
    // Only the hanging tool gets the short timeout: under load a real write once took longer than 100 ms.
    const config = toolsConfig({ timeoutMs: 10_000 });
    const registry = new ToolRegistry({ config });
    for (const tool of createBuiltinTools(config, { workspace: ws.dir })) registry.register(tool);
    registry.register(hangingTool('stuck_writer', { writes: ['shared.txt'] }), { timeoutMs: 100 });
    const [stuck, waiting] = await registry.runBatch(
      [toolCall('stuck_writer', {}), toolCall('write_file', { path: 'shared.txt', content: 'same batch' })],
      { workspace: ws.dir },
    );
    expect(stuck?.timedOut).toBe(true);
    expect(waiting?.result.isError).toBe(false);
    const [next] = await registry.runBatch(
      [toolCall('write_file', { path: 'shared.txt', content: 'next batch' })],
      {
        workspace: ws.dir,
      },
    );
    expect(next?.result.isError).toBe(false);
    expect(await readFile(ws.path('shared.txt'), 'utf8')).toBe('next batch');
  });
});

describe('MCP tools beside built-ins', () => {
  /** Shaped like the @clawft/services adapter: `<server>__<tool>`, JSON Schema parameters, no access declared. */
  const mcpLike = (log: string[]): Tool => ({
    name: 'files__write_note',
    description: 'An MCP server tool that may write anywhere.',
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    async execute(args) {
      log.push('start mcp');
      await delay(30);
      log.push('end mcp');
      return { content: `noted ${String(args.text)}`, isError: false };
    },
  });

  it('runs an MCP tool exclusively (it declares nothing) and validates its JSON Schema arguments', async () => {
    const { registry, inFlight } = instrumentedRegistry(30);
    registry.register(mcpLike(inFlight.log));
    const reports = await registry.runBatch(
      [
        toolCall('write_file', { path: 'a.txt', content: 'a' }),
        toolCall('files__write_note', { text: 'hi' }),
        toolCall('files__write_note', {}),
      ],
      { workspace: ws.dir },
    );
    expect(reports[1]?.result.content).toBe('noted hi');
    expect(reports[2]?.result.content).toContain('argument "text" is required');
    expect(inFlight.log).toEqual(['start write_file', 'end write_file', 'start mcp', 'end mcp']);
  });
});
