import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from './gateway-context.js';
import { SseStream } from './sse-stream.js';

/**
 * Takes the response over from fastify and opens it as an SSE stream with the gateway's keep-alive comments and the
 * request's CORS headers. Called once a turn has something to show, so a turn refused at once keeps its status.
 */
export function openEventStream(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): SseStream {
  reply.hijack();
  const sse = new SseStream(reply.raw, {
    keepAliveMs: context.settings.keepAliveCommentMs,
    headers: context.corsHeaders(request),
  });
  sse.open();
  return sse;
}
