import type { ToolCall, ToolDefinition, ToolResult } from '@clawft/types';

/** What a watcher learns about one tool call of a batch. */
export type ToolEvent =
  | { type: 'tool-start'; callId: string; name: string; arguments: Record<string, unknown> }
  | {
      type: 'tool-finish';
      callId: string;
      name: string;
      /** Time spent running, after the locks were held, milliseconds (monotonic). */
      durationMs: number;
      /** Time spent waiting for path locks and a concurrency slot, milliseconds (monotonic). */
      lockWaitMs: number;
      isError: boolean;
      timedOut: boolean;
    };

/** The context of one batch: the calls one assistant message asked for. */
export interface ToolBatchContext {
  /** Aborts every running call of the batch. */
  signal?: AbortSignal;
  /** Absolute path of the agent workspace. */
  workspace: string;
  senderId?: string;
  sessionKey?: string;
  /** Each event, awaited in order per call (backpressure); a throwing watcher never fails a call. */
  onEvent?: (event: ToolEvent) => void | Promise<void>;
}

/** One call's result, in the order of the calls. */
export interface ToolCallReport {
  callId: string;
  name: string;
  result: ToolResult;
  durationMs: number;
  lockWaitMs: number;
  timedOut: boolean;
}

/**
 * What the agent loop needs from the tools: the definitions to offer the model and a way to run one batch of
 * calls (in parallel, bounded, results in call order, one failure never cancelling its siblings). `ToolRegistry`
 * implements it.
 */
export interface ToolRunner {
  definitions(): ToolDefinition[];
  runBatch(calls: readonly ToolCall[], context: ToolBatchContext): Promise<ToolCallReport[]>;
}
