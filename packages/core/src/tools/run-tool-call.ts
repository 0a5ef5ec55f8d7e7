import type { ToolAccess, ToolCall, ToolContext, ToolResult } from '@clawft/types';
import type PQueue from 'p-queue';
import type { PathLockManager } from '../locks/path-lock-manager.js';
import { executeWithDeadline } from './execute-with-deadline.js';
import type { RegisteredTool } from './registered-tool.js';
import type { ToolBatchContext, ToolCallReport, ToolEvent } from './tool-batch.js';
import { errorResult, thrownResult } from './tool-result.js';

/** What one call needs from its registry and batch. */
export interface CallEnvironment {
  lookup(name: string): RegisteredTool | ToolResult;
  locks: PathLockManager;
  defaultTimeoutMs: number;
  permits: PQueue;
  batch: ToolBatchContext;
}

const EXCLUSIVE: ToolAccess = { workspaceExclusive: true };

/** Runs one call to a report; never throws (every failure is an error result). */
export async function runToolCall(call: ToolCall, env: CallEnvironment): Promise<ToolCallReport> {
  await emit(env.batch, { type: 'tool-start', callId: call.id, name: call.name, arguments: call.arguments });
  const startedMs = performance.now();
  const report = await runChecked(call, env, startedMs);
  await emit(env.batch, {
    type: 'tool-finish',
    callId: call.id,
    name: call.name,
    durationMs: report.durationMs,
    lockWaitMs: report.lockWaitMs,
    isError: report.result.isError,
    timedOut: report.timedOut,
  });
  return report;
}

/** A call that passed its checks: what `runLocked` needs. */
interface PreparedCall {
  call: ToolCall;
  tool: RegisteredTool;
  args: Record<string, unknown>;
  access: ToolAccess;
  controller: AbortController;
  context: ToolContext;
}

function report(
  call: ToolCall,
  result: ToolResult,
  lockWaitMs = 0,
  durationMs = 0,
  timedOut = false,
): ToolCallReport {
  return { callId: call.id, name: call.name, result, durationMs, lockWaitMs, timedOut };
}

async function runChecked(call: ToolCall, env: CallEnvironment, startedMs: number): Promise<ToolCallReport> {
  const tool = env.lookup(call.name);
  if (!('definition' in tool)) return report(call, tool);
  const checked = tool.validate(call.arguments);
  if (!checked.ok)
    return report(call, errorResult('invalid-arguments', `tool "${call.name}": ${checked.problem}`));
  const controller = new AbortController();
  const context = toolContext(env.batch, controller.signal);
  let access: ToolAccess;
  try {
    access = tool.access?.(checked.value, context) ?? EXCLUSIVE;
  } catch (error) {
    return report(call, thrownResult(call.name, error));
  }
  const prepared: PreparedCall = { call, tool, args: checked.value, access, controller, context };
  // The slot is taken before the locks, so a call holding locks never waits for a slot (decision 0160).
  const ran = await env.permits.add(() => runLocked(prepared, env, startedMs));
  return ran ?? report(call, errorResult('aborted', `tool "${call.name}" was cancelled before it started`));
}

/** Takes the call's locks, runs it under its deadline, and releases the locks whatever happened. */
async function runLocked(
  prepared: PreparedCall,
  env: CallEnvironment,
  startedMs: number,
): Promise<ToolCallReport> {
  const { call, tool, controller } = prepared;
  try {
    const lease = await env.locks.acquire(prepared.access, {
      workspace: env.batch.workspace,
      ...signalOf(env.batch),
    });
    const lockWaitMs = performance.now() - startedMs;
    try {
      const run = () => tool.execute(prepared.args, prepared.context);
      const timeoutMs = tool.timeoutMs ?? env.defaultTimeoutMs;
      const outcome = await executeWithDeadline(call.name, run, controller, timeoutMs, env.batch.signal);
      return report(
        call,
        outcome.result,
        lockWaitMs,
        performance.now() - startedMs - lockWaitMs,
        outcome.timedOut,
      );
    } finally {
      lease.release();
    }
  } catch (error) {
    const waitedMs = performance.now() - startedMs;
    if (env.batch.signal?.aborted !== true) return report(call, thrownResult(call.name, error), waitedMs);
    return report(
      call,
      errorResult('aborted', `tool "${call.name}" was cancelled while waiting for its locks`),
      waitedMs,
    );
  }
}

function toolContext(batch: ToolBatchContext, signal: AbortSignal): ToolContext {
  const context: ToolContext = { signal, workspace: batch.workspace };
  if (batch.senderId !== undefined) context.senderId = batch.senderId;
  if (batch.sessionKey !== undefined) context.sessionKey = batch.sessionKey;
  return context;
}

function signalOf(batch: ToolBatchContext): { signal?: AbortSignal } {
  return batch.signal === undefined ? {} : { signal: batch.signal };
}

/** Awaits the watcher (backpressure); a watcher that throws never fails the call. */
async function emit(batch: ToolBatchContext, event: ToolEvent): Promise<void> {
  try {
    await batch.onEvent?.(event);
  } catch {
    // A broken watcher is the watcher's problem; the call's result stands.
  }
}
