import type { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import { type Redact, redactDeep } from '../errors/redactor.js';
import type { JsonRpcErrorResponse } from '../jsonrpc/messages.js';

/**
 * The McpError `rpc-error` for a JSON-RPC error answer, with `code` and `data`. The server's text and data
 * pass through `redact` first: a server may quote a token it was given (in its env or a header) back.
 */
export function rpcError(
  method: string,
  message: JsonRpcErrorResponse,
  server: string | undefined,
  redact: Redact,
): McpError {
  const { code, message: text, data } = message.error;
  return mcpError('rpc-error', `MCP server answered ${method} with error ${code}: ${redact(text)}`, {
    method,
    code,
    data: redactDeep(data, redact),
    server,
  });
}
