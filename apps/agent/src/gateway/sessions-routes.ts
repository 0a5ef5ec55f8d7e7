import { open, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SessionStore } from '@clawft/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, errorBody, type GatewayContext } from './gateway-context.js';
import { GATEWAY_CHANNEL, gatewaySession, SESSION_ID_PATTERN, senderPrefix } from './gateway-session.js';

/** Bytes read from the head of a session file to find its metadata line. */
const META_HEAD_BYTES = 4096;

/**
 * The caller's sessions: `GET /v1/sessions` (ids and creation times), `GET /v1/sessions/:id` (the history),
 * `DELETE /v1/sessions/:id`. A session is named by the sender and the id together, so another sender's id is a 404
 * like one that does not exist (ids do not leak).
 */
export function registerSessions(app: FastifyInstance, context: GatewayContext): void {
  app.get('/v1/sessions', async (request) => ({
    data: await listSessions(context, callerOf(context, request).senderId),
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
  const session = await context.loop.sessions.load(ref.sessionKey);
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
  if (!(await context.loop.sessions.remove(ref.sessionKey))) return notFound(reply, id);
  return reply.code(204).send();
}

/** The sessions of `senderId`, from the metadata line heading each session file. */
async function listSessions(
  context: GatewayContext,
  senderId: string,
): Promise<{ id: string; createdAt: string }[]> {
  const store = context.loop.sessions;
  // Listing reads the session files; a history kept elsewhere (not a SessionStore) lists none here.
  if (!(store instanceof SessionStore)) return [];
  const directory = dirname(store.fileFor('gateway:probe'));
  const prefix = `${GATEWAY_CHANNEL}:${senderPrefix(senderId)}`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const sessions: { id: string; createdAt: string }[] = [];
  for (const name of names) {
    const meta = await readMeta(join(directory, name));
    if (meta === undefined || !meta.key.startsWith(prefix)) continue;
    const id = meta.key.slice(prefix.length);
    if (!id.startsWith('oneoff-')) sessions.push({ id, createdAt: meta.createdAt });
  }
  return sessions.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function readMeta(file: string): Promise<{ key: string; createdAt: string } | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(META_HEAD_BYTES), 0, META_HEAD_BYTES, 0);
      const line = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
      const meta = JSON.parse(line) as { type?: unknown; key?: unknown; createdAt?: unknown };
      if (meta.type !== 'meta' || typeof meta.key !== 'string' || typeof meta.createdAt !== 'string')
        return undefined;
      return { key: meta.key, createdAt: meta.createdAt };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
