import type { BusTransport } from '@clawft/core';
import type { Gateway } from '@clawft/types';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailureStatus } from './failure-status.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { OpenTurns } from './open-turns.js';
import type { GatewayErrorBody } from './openai-schemas.js';
import type { GatewayCaller } from './token-auth.js';
import type { Refusal, TurnAdmission } from './turn-admission.js';
import type { GatewaySessions, TurnRunner } from './turn-runner.js';

/** What every route of the gateway works with. */
export interface GatewayContext {
  /** Runs the turns: the agent loop in this process, or the workers over the bus. */
  turns: TurnRunner;
  /** The workspace's sessions (the sessions routes; one-off sessions are removed after their turn). */
  sessions: GatewaySessions;
  /** The bus behind the turns (metrics, and for `nats` its reachability in `/readyz`). */
  bus: BusTransport;
  /** Whether turns run on workers over NATS (`bus.transport: nats`): the stream, not the gateway, bounds the queue. */
  remote: boolean;
  /** The turns running now, drained on shutdown. */
  openTurns: OpenTurns;
  settings: Gateway;
  admission: TurnAdmission;
  metrics: GatewayMetrics;
  /** The caller of an authenticated request (set by the auth hook). */
  callers: WeakMap<FastifyRequest, GatewayCaller>;
  /** Response headers every SSE stream carries (CORS). */
  corsHeaders(request: FastifyRequest): Record<string, string>;
}

/** The caller the auth hook put on `request`; throws when a route is reached without it (a wiring bug). */
export function callerOf(context: GatewayContext, request: FastifyRequest): GatewayCaller {
  const caller = context.callers.get(request);
  if (caller === undefined) throw new Error(`no authenticated caller on ${request.method} ${request.url}`);
  return caller;
}

/** An error body in OpenAI's shape. */
export function errorBody(
  code: string,
  message: string,
  options: { type?: string; param?: string; retryAfterMs?: number | undefined } = {},
): GatewayErrorBody {
  return {
    error: {
      message,
      type: options.type ?? 'invalid_request_error',
      code,
      param: options.param ?? null,
      ...(options.retryAfterMs === undefined ? {} : { retry_after_ms: Math.ceil(options.retryAfterMs) }),
    },
  };
}

/** Answers a refused request: its status, `Retry-After`, and a body naming the limit. */
export function sendRefusal(context: GatewayContext, reply: FastifyReply, refusal: Refusal): FastifyReply {
  context.metrics.refusal(refusal.reason);
  return reply
    .code(refusal.status)
    .header('retry-after', String(refusal.retryAfterSeconds))
    .send(
      errorBody(refusal.reason, refusal.message, {
        type: refusal.status === 429 ? 'rate_limit_error' : 'overloaded_error',
        retryAfterMs: refusal.retryAfterSeconds * 1000,
      }),
    );
}

/** Answers a turn that failed before showing output: its status, `Retry-After` when known, the error. */
export function sendFailure(reply: FastifyReply, failure: FailureStatus): FastifyReply {
  if (failure.retryAfterMs !== undefined)
    reply.header('retry-after', String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000))));
  const type = failure.status === 402 ? 'insufficient_quota' : 'api_error';
  return reply
    .code(failure.status)
    .send(errorBody(failure.code, failure.message, { type, retryAfterMs: failure.retryAfterMs }));
}
