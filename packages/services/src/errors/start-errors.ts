import type { McpError } from '@clawft/types';
import { mcpError } from './mcp-error-factory.js';

/**
 * `Transport.start({ signal })` was aborted (before or while the connection opened); carries the abort reason
 * as `cause`.
 */
export function startAborted(signal: AbortSignal, server: string | undefined): McpError {
  const label = server === undefined ? 'the MCP server' : `MCP server ${server}`;
  return mcpError('aborted', `starting ${label} was aborted by the caller's signal`, {
    server,
    cause: signal.reason,
  });
}

/** A transport's `start()` was called a second time; a transport connects once. */
export function alreadyStarted(transport: string, server: string | undefined): McpError {
  const message = `${transport}.start() was already called; create a new transport for each connection`;
  return mcpError('spawn-failed', message, { server });
}
