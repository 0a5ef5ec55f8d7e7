import type { ChildProcess } from 'node:child_process';
import type { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { Redact } from '../errors/redactor.js';
import { hasExited } from './process-group.js';

/**
 * Why a stdio connection ended: `process-exited` with the exit code or signal once the child is gone, else
 * `connection-closed` (stdout ended first). Always carries the stderr tail; the message quotes its last line.
 */
export function exitError(
  child: ChildProcess | undefined,
  label: string,
  stderrTail: string,
  server?: string,
): McpError {
  const exited = child !== undefined && hasExited(child);
  const exitCode = child?.exitCode ?? null;
  const signal = child?.signalCode ?? null;
  const how = !exited
    ? 'closed its stdout'
    : signal === null
      ? `exited with code ${exitCode}`
      : `exited on ${signal}`;
  const lastLine = stderrTail.trimEnd().split('\n').pop()?.slice(-200);
  const hint = lastLine ? ` (stderr: ${lastLine})` : '';
  return mcpError(exited ? 'process-exited' : 'connection-closed', `MCP server ${label} ${how}${hint}`, {
    exitCode,
    signal,
    stderrTail,
    retryable: true,
    server,
  });
}

/**
 * The child could not be started (`ENOENT`, `EACCES`, …). `commandLine` is already redacted; the cause keeps
 * Node's `code`, `errno` and `syscall` but not its `spawnargs`, which may hold secrets.
 */
export function spawnError(
  error: NodeJS.ErrnoException,
  commandLine: string,
  redact: Redact,
  server?: string,
): McpError {
  const reason = redact(error.code ?? error.message);
  const message = `could not start MCP server (${reason}): ${commandLine}; check the command and PATH`;
  const cause = Object.assign(new Error(`spawn failed: ${reason}`), {
    code: error.code,
    errno: error.errno,
    syscall: error.syscall,
  });
  return mcpError('spawn-failed', message, { cause, server });
}
