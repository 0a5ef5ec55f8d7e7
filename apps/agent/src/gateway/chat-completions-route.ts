import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { chatRequestMessage } from './chat-request-message.js';
import { chatCompletion } from './completion-shapes.js';
import { CompletionStream } from './completion-stream.js';
import { failureStatus } from './failure-status.js';
import { callerOf, errorBody, type GatewayContext, sendFailure, sendRefusal } from './gateway-context.js';
import { gatewaySession, SESSION_ID_PATTERN } from './gateway-session.js';
import { openEventStream } from './open-event-stream.js';
import { ChatCompletionRequestSchema } from './openai-schemas.js';
import { parseBody } from './parse-body.js';
import { runGatewayTurn } from './run-gateway-turn.js';

/** The header naming a server-side session; without it a request is a one-off turn with its own history. */
export const SESSION_HEADER = 'x-clawft-session';

/**
 * `POST /v1/chat/completions`, OpenAI-compatible, streaming (`stream: true`: SSE chunks, then `data: [DONE]`) or
 * one JSON completion. The agent runs its tools server-side; the answer carries a `clawft` extension field with the
 * turn's tool calls, usage, cost and timings.
 */
export function registerChatCompletions(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/chat/completions', (request, reply) => chatCompletions(context, request, reply));
}

async function chatCompletions(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const body = parseBody(ChatCompletionRequestSchema, request.body);
  if (!body.ok) return reply.code(400).send(body.error);
  const sessionHeader = request.headers[SESSION_HEADER];
  const sessionId = typeof sessionHeader === 'string' ? sessionHeader : undefined;
  if (sessionId !== undefined && !SESSION_ID_PATTERN.test(sessionId))
    return reply
      .code(400)
      .send(errorBody('invalid-session', `${SESSION_HEADER} must match ${SESSION_ID_PATTERN}`));
  const { senderId } = callerOf(context, request);
  const session = gatewaySession(senderId, sessionId);
  const messageId = randomUUID();
  const message = chatRequestMessage(body.data, { senderId, session, messageId });
  if ('param' in message)
    return reply.code(400).send(errorBody('invalid-request', message.message, { param: message.param }));
  const admitted = await context.admission.admit(senderId);
  if ('reason' in admitted) return sendRefusal(context, reply, admitted);
  const id = `chatcmpl-${messageId}`;
  try {
    const stream = new CompletionStream({
      id,
      model: body.data.model,
      open: () => openEventStream(context, request, reply),
    });
    let turnId = '';
    const result = await runGatewayTurn(context, {
      message,
      session,
      response: reply.raw,
      onEvent: async (event) => {
        turnId = event.turnId;
        if (body.data.stream) await stream.onEvent(event);
      },
    });
    if ('reason' in result) {
      if (!stream.started) return sendRefusal(context, reply, result);
      stream.abandon();
      return reply;
    }
    const failure = stream.started ? undefined : failureStatus(result.outcome);
    if (failure !== undefined) return sendFailure(reply, failure);
    if (!body.data.stream) return reply.send(chatCompletion(id, body.data.model, result, turnId));
    await stream.finish(result, {
      turnId,
      sessionKey: session.sessionKey,
      includeUsage: body.data.stream_options?.include_usage === true,
    });
    return reply;
  } finally {
    admitted.release();
  }
}
