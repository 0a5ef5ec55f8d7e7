import { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import { redactError } from '../errors/redact-outputs.js';
import type { Redact } from '../errors/redactor.js';
import type { JsonRpcRequest } from '../jsonrpc/messages.js';
import type { Transport } from '../jsonrpc/transport.js';
import { PendingRequest, refuseRequest } from './pending-request.js';
import type { PendingTable } from './pending-table.js';
import { withProgressToken } from './progress.js';
import type { RequestOptions } from './request-options.js';

/** What `sendRequest` needs of its session. */
export interface SendRequestContext {
  transport: Transport;
  pending: PendingTable;
  server: string | undefined;
  /** Applied to a send failure's message (an HTTP error body may quote a header the server was sent). */
  redact: Redact;
  /** Default per-request timeout in ms. */
  timeoutMs: number;
  /** Why the session ended, once it has (then nothing is sent). */
  closedError(): McpError | undefined;
  /** Sends a notification (used for `notifications/cancelled`). */
  notify(method: string, params: Record<string, unknown>): Promise<void>;
}

/**
 * Sends one request and resolves with its raw `result`: takes an id, registers the pending entry (timers,
 * abort, progress), writes the message and fails the entry alone if the write fails. A timeout or abort sends
 * `notifications/cancelled` (never for `initialize`).
 */
export function sendRequest(
  context: SendRequestContext,
  method: string,
  params: Record<string, unknown> | undefined,
  options: RequestOptions,
): Promise<unknown> {
  const closed = context.closedError();
  if (closed !== undefined) return Promise.reject(closed);
  const timeoutMs = options.timeoutMs ?? context.timeoutMs;
  const refused = refuseRequest(method, { ...options, timeoutMs }, context.server);
  if (refused !== undefined) return Promise.reject(refused);
  const id = context.pending.nextId();
  const withToken = options.onProgress === undefined ? params : withProgressToken(params, id);
  return new Promise((resolve, reject) => {
    const pending = new PendingRequest(
      id,
      method,
      { ...options, timeoutMs },
      { resolve, reject, expire: (request, error) => expire(context, request, error) },
      context.server,
    );
    context.pending.add(pending);
    const message: JsonRpcRequest = {
      jsonrpc: '2.0',
      id,
      method,
      ...(withToken === undefined ? {} : { params: withToken }),
    };
    // Timeout, abort or connection loss also ends an HTTP POST still streaming its reply.
    context.transport
      .send(message, { signal: pending.ioSignal })
      .catch((error: unknown) => failOne(context, pending, error));
  });
}

function expire(context: SendRequestContext, request: PendingRequest, error: McpError): void {
  if (!context.pending.remove(request)) return;
  request.abandon(error);
  if (request.method === 'initialize' || context.closedError() !== undefined) return;
  const reason = error.kind === 'aborted' ? 'aborted by the client' : 'timed out';
  context.notify('notifications/cancelled', { requestId: request.id, reason }).catch(() => undefined);
}

function failOne(context: SendRequestContext, request: PendingRequest, error: unknown): void {
  if (!context.pending.remove(request)) return;
  const fields = { method: request.method, server: context.server, cause: error };
  request.reject(
    McpError.is(error)
      ? redactError(error, context.redact)
      : mcpError('connection-closed', `could not send ${request.method}`, fields),
  );
}
