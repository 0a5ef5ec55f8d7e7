import { z } from 'zod';
import {
  CallToolResultSchema,
  InitializeResultSchema,
  ListToolsResultSchema,
} from '../client/mcp-schemas.js';
import type { RequestOptions } from './request-options.js';

/** The schema each known MCP method's `result` is validated with, in `McpSession.request` (one place). */
export const MCP_RESULT_SCHEMAS = {
  initialize: InitializeResultSchema,
  'tools/list': ListToolsResultSchema,
  'tools/call': CallToolResultSchema,
  ping: z.looseObject({}),
} as const;

/** A method whose result schema the client knows; other methods need `resultSchema`. */
export type McpMethod = keyof typeof MCP_RESULT_SCHEMAS;

/** The validated result of a known method. */
export type McpResult<M extends McpMethod> = z.output<(typeof MCP_RESULT_SCHEMAS)[M]>;

/** Request options for a method the client does not know: the schema its result must match. */
export type RequestWithSchemaOptions<T extends z.ZodType> = RequestOptions & {
  /** Validates the result; use `z.unknown()` to take it as it comes. */
  resultSchema: T;
};

/** The schema for `method`: the caller's, else the known one, else none (`z.unknown()`, for untyped callers). */
export function resultSchemaFor(method: string, resultSchema: z.ZodType | undefined): z.ZodType {
  if (resultSchema !== undefined) return resultSchema;
  return Object.hasOwn(MCP_RESULT_SCHEMAS, method) ? MCP_RESULT_SCHEMAS[method as McpMethod] : z.unknown();
}
