// A small real ToolRunner for the agent loop tests: tools that really wait (abortable), really fail and really write
// files; calls of one batch run in parallel and report in call order, like the registry does.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolCall, ToolDefinition, ToolResult } from '@clawft/types';
import type { ToolBatchContext, ToolCallReport, ToolRunner } from '../src/tools/tool-batch.js';

type ToolBody = (args: Record<string, unknown>, context: ToolBatchContext) => Promise<string>;

/** `wait {ms}`, `fail {message}`, `append {file, text}` (in the workspace), `echo {text}`. */
export const TEST_TOOLS: Record<string, ToolBody> = {
  async wait(args, context) {
    await sleep(Number(args.ms ?? 0), undefined, context.signal ? { signal: context.signal } : {});
    return `waited ${String(args.ms)} ms`;
  },
  async fail(args) {
    throw new Error(String(args.message ?? 'tool failed'));
  },
  async append(args, context) {
    await appendFile(join(context.workspace, String(args.file)), String(args.text));
    return `appended to ${String(args.file)}`;
  },
  async echo(args) {
    return String(args.text ?? '');
  },
};

export interface TestToolRunner extends ToolRunner {
  /** Most calls seen running at once. */
  readonly maxInFlight: number;
  /** Make the next `runBatch` throw (a crash of the runner itself). */
  crashNext: boolean;
}

export function createTestTools(tools: Record<string, ToolBody> = TEST_TOOLS): TestToolRunner {
  let inFlight = 0;
  const runner = {
    maxInFlight: 0,
    crashNext: false,
    definitions(): ToolDefinition[] {
      return Object.keys(tools).map((name) => ({
        name,
        description: `test tool ${name}`,
        parameters: { type: 'object', properties: {} },
      }));
    },
    async runBatch(calls: readonly ToolCall[], context: ToolBatchContext): Promise<ToolCallReport[]> {
      if (runner.crashNext) {
        runner.crashNext = false;
        throw new Error('runner exploded');
      }
      return Promise.all(calls.map((call) => runOne(call, context)));
    },
  };
  async function runOne(call: ToolCall, context: ToolBatchContext): Promise<ToolCallReport> {
    await context.onEvent?.({
      type: 'tool-start',
      callId: call.id,
      name: call.name,
      arguments: call.arguments,
    });
    const started = performance.now();
    inFlight += 1;
    runner.maxInFlight = Math.max(runner.maxInFlight, inFlight);
    let result: ToolResult;
    try {
      const body = tools[call.name];
      if (body === undefined) throw new Error(`unknown tool ${call.name}`);
      result = { content: await body(call.arguments, context), isError: false };
    } catch (error) {
      result = { content: error instanceof Error ? error.message : String(error), isError: true };
    } finally {
      inFlight -= 1;
    }
    const durationMs = performance.now() - started;
    await context.onEvent?.({
      type: 'tool-finish',
      callId: call.id,
      name: call.name,
      durationMs,
      lockWaitMs: 0,
      isError: result.isError,
      timedOut: false,
    });
    return { callId: call.id, name: call.name, result, durationMs, lockWaitMs: 0, timedOut: false };
  }
  return runner;
}
