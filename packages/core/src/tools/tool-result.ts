import { ToolError, type ToolErrorKind, type ToolResult } from '@clawft/types';

/** An error result for the model: `isError`, the kind in `metadata.errorKind`, a message that says what to do. */
export function errorResult(kind: ToolErrorKind, message: string): ToolResult {
  return { content: `Error (${kind}): ${message}`, isError: true, metadata: { errorKind: kind } };
}

/** The error result for anything a tool threw or rejected with; a `ToolError` keeps its kind. */
export function thrownResult(tool: string, error: unknown): ToolResult {
  if (ToolError.is(error)) return errorResult(error.kind, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return errorResult('execution-failed', `tool "${tool}" failed: ${message}`);
}
