import type { Config } from '@clawft/types';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from './gateway-context.js';

/**
 * `GET /healthz` (the process answers; no auth), `GET /readyz` (200 when ready, else 503 listing why), `GET /metrics`
 * (Prometheus text format). Ready: not shutting down, and — turns in this process — providers configured and room
 * in the agent queue; — turns on workers (bus `nats`) — the NATS server reachable and the stream below
 * `bus.inboundCapacity`.
 */
export function registerHealth(app: FastifyInstance, context: GatewayContext, config: Config): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problems = context.admission.closed
      ? ['the gateway is shutting down']
      : context.remote
        ? await remoteProblems(context, config)
        : localProblems(context, config);
    return reply.code(problems.length === 0 ? 200 : 503).send({ ready: problems.length === 0, problems });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(context.metrics.contentType).send(await context.metrics.render()),
  );
}

function localProblems(context: GatewayContext, config: Config): string[] {
  const problems: string[] = [];
  if (Object.keys(config.providers).length === 0)
    problems.push('no provider is configured (config.json "providers")');
  if (context.admission.saturated) problems.push('the agent queue is full');
  return problems;
}

/** The workers' providers are theirs to check: the gateway needs the bus, with room in its stream. */
async function remoteProblems(context: GatewayContext, config: Config): Promise<string[]> {
  try {
    const metrics = await context.bus.transportMetrics();
    if (metrics.inboundDepth >= config.bus.inboundCapacity)
      return [`the stream is full (${metrics.inboundDepth} messages, bus.inboundCapacity)`];
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [`the bus is unavailable: ${message}`];
  }
}
