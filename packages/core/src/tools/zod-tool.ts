import type { ToolAccess, ToolContext, ToolResult } from '@clawft/types';
import type { z } from 'zod';

/**
 * A tool whose parameters are a zod schema: offered to the model as `z.toJSONSchema(schema)` and validated with
 * the same schema, so `execute` receives the parsed (typed) value.
 *
 * @example
 * const echo: ZodTool<z.ZodObject<{ text: z.ZodString }>> = {
 *   name: 'echo',
 *   description: 'Repeats the text.',
 *   schema: z.object({ text: z.string() }),
 *   execute: async ({ text }) => ({ content: text, isError: false }),
 * };
 */
export interface ZodTool<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly schema: Schema;
  /** Declares the paths a call reads and writes; omit it and the call takes the workspace exclusively. */
  access?(args: z.output<Schema>, context: ToolContext): ToolAccess;
  execute(args: z.output<Schema>, context: ToolContext): Promise<ToolResult>;
}

/** Options of one registration. */
export interface RegisterOptions {
  /** This tool's timeout, milliseconds; overrides `tools.timeoutMs`. */
  timeoutMs?: number;
}
