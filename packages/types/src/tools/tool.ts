import type { JsonSchema } from '../llm/chat.js';

/** What a tool call will touch, so the path lock manager can run non-conflicting calls in parallel. */
export interface ToolAccess {
  /** Paths read (shared locks). */
  reads?: readonly string[];
  /** Paths written (exclusive locks). */
  writes?: readonly string[];
  /** Takes the whole workspace exclusively (e.g. `exec`). */
  workspaceExclusive?: boolean;
}

export interface ToolContext {
  signal: AbortSignal;
  /** Absolute path of the agent workspace. */
  workspace: string;
  senderId?: string;
  sessionKey?: string;
}

/** A tool's answer. `isError` results go back to the model as data, not as exceptions. */
export interface ToolResult {
  content: string;
  isError: boolean;
  metadata?: Record<string, unknown>;
}

/**
 * Something the agent can call: a built-in tool, or an MCP tool adapted by `@clawft/services`.
 * Arguments are validated against `parameters` before `execute` runs.
 */
export interface Tool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  /** Declares the paths a call will read and write. Tools that touch no files may omit it. */
  access?(args: Record<string, unknown>, context: ToolContext): ToolAccess;
  execute(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
}
