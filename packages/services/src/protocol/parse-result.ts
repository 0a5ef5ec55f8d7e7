import type { McpError } from '@clawft/types';
import type { z } from 'zod';
import { mcpError } from '../errors/mcp-error-factory.js';

/**
 * Validates a result against its schema.
 * @throws McpError `protocol-error` naming the method when the server sent something else
 */
export function parseResult<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  method: string,
  server: string | undefined,
): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw malformed(method, server, parsed.error);
}

function malformed(method: string, server: string | undefined, cause: unknown): McpError {
  return mcpError('protocol-error', `MCP server sent a malformed ${method} result`, {
    server,
    method,
    cause,
  });
}
