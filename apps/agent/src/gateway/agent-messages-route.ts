import { randomUUID } from 'node:crypto';
import type { TurnEvent } from '@clawft/types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { failureStatus } from './failure-status.js';
import { callerOf, type GatewayContext, sendFailure, sendRefusal } from './gateway-context.js';
import { GATEWAY_CHANNEL, gatewaySession } from './gateway-session.js';
import { type AgentMessageReply, AgentMessageRequestSchema } from './native-schemas.js';
import { openEventStream } from './open-event-stream.js';
import { parseBody } from './parse-body.js';
import { runGatewayTurn } from './run-gateway-turn.js';
import type { SseStream } from './sse-stream.js';

/**
 * `POST /v1/agent/messages`: one message into the caller's session `chatId`. With `stream: true` the answer is
 * the turn's events as SSE, each as `event: <type>` with the event as JSON (`turn-start`, every `part` including
 * `retry`/`failover`/`reset`, `tool-start`, `tool-finish`, `turn-finish` with the outcome); else one JSON reply.
 */
export function registerAgentMessages(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/agent/messages', (request, reply) => agentMessage(context, request, reply));
}

async function agentMessage(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const body = parseBody(AgentMessageRequestSchema, request.body);
  if (!body.ok) return reply.code(400).send(body.error);
  const { senderId } = callerOf(context, request);
  const session = gatewaySession(senderId, body.data.chatId);
  const messageId = randomUUID();
  const message = {
    channel: GATEWAY_CHANNEL,
    senderId,
    chatId: session.chatId,
    content: body.data.content,
    media: [],
    metadata: { ...body.data.metadata, messageId },
    timestamp: Date.now(),
  };
  const admitted = await context.admission.admit(senderId);
  if ('reason' in admitted) return sendRefusal(context, reply, admitted);
  try {
    // turn-start is held until the turn shows something, so a turn refused at once keeps its HTTP status.
    let held: TurnEvent | undefined;
    let sse: SseStream | undefined;
    const open = (): SseStream => {
      sse = openEventStream(context, request, reply);
      return sse;
    };
    let turnId = '';
    const result = await runGatewayTurn(context, {
      message,
      session,
      response: reply.raw,
      onEvent: async (event) => {
        turnId = event.turnId;
        if (!body.data.stream) return;
        if (event.type === 'turn-start') held = event;
        else if (
          event.type !== 'turn-finish' ||
          sse !== undefined ||
          failureStatus(event.outcome) === undefined
        ) {
          const stream = sse ?? open();
          if (held !== undefined) await stream.send(held, held.type);
          held = undefined;
          await stream.send(event, event.type);
        }
      },
    });
    if (sse !== undefined) {
      sse.end();
      return reply;
    }
    if ('reason' in result) return sendRefusal(context, reply, result);
    const failure = failureStatus(result.outcome);
    if (failure !== undefined) return sendFailure(reply, failure);
    const answer: AgentMessageReply = {
      turnId,
      sessionKey: session.sessionKey,
      content: result.reply.content,
      outcome: result.outcome,
    };
    return reply.send(answer);
  } finally {
    admitted.release();
  }
}
