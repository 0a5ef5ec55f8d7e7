import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, errorBody, type GatewayContext } from './gateway-context.js';
import { GATEWAY_CHANNEL, gatewaySession, SESSION_ID_PATTERN, senderPrefix } from './gateway-session.js';

/**
 * The caller's sessions: `GET /v1/sessions` (ids and creation times), `GET /v1/sessions/:id` (the history),
 * `DELETE /v1/sessions/:id`. A session is named by the sender and the id together, so another sender's id is a 404
 * like one that does not exist (ids do not leak).
 */
export function registerSessions(app: FastifyInstance, context: GatewayContext): void {
  app.get('/v1/sessions', async (request) => ({
    data: await listSessions(context, callerOf(context, request).senderId, request.signal),
  }));
  app.get('/v1/sessions/:id', (request, reply) => readSession(context, request, reply));
  app.delete('/v1/sessions/:id', (request, reply) => deleteSession(context, request, reply));
}

function sessionId(request: FastifyRequest): string | undefined {
  const { id } = request.params as { id?: unknown };
  return typeof id === 'string' && SESSION_ID_PATTERN.test(id) ? id : undefined;
}

function notFound(reply: FastifyReply, id: string | undefined): FastifyReply {
  return reply.code(404).send(errorBody('session-not-found', `no session "${id ?? ''}" for this token`));
}

async function readSession(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const id = sessionId(request);
  if (id === undefined) return notFound(reply, id);
  const ref = gatewaySession(callerOf(context, request).senderId, id);
  const session = await context.sessions.load(ref.sessionKey);
  if (session.createdAt === undefined && session.messages.length === 0) return notFound(reply, id);
  return { id, createdAt: session.createdAt, messages: session.messages };
}

async function deleteSession(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const id = sessionId(request);
  if (id === undefined) return notFound(reply, id);
  const ref = gatewaySession(callerOf(context, request).senderId, id);
  if (!(await context.sessions.remove(ref.sessionKey))) return notFound(reply, id);
  return reply.code(204).send();
}

/**
 * The sessions of `senderId` in the configured store (files, or JetStream shared by the workers), oldest first;
 * one-off sessions are left out.
 */
async function listSessions(
  context: GatewayContext,
  senderId: string,
  signal: AbortSignal | undefined,
): Promise<{ id: string; createdAt: string }[]> {
  const prefix = `${GATEWAY_CHANNEL}:${senderPrefix(senderId)}`;
  const sessions = await context.sessions.list({ prefix, signal });
  return sessions
    .map((session) => ({ id: session.key.slice(prefix.length), createdAt: session.createdAt }))
    .filter((session) => !session.id.startsWith('oneoff-'))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
