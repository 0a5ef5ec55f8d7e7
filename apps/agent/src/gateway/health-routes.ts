import type { Config } from '@clawft/types';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from './gateway-context.js';

/**
 * `GET /healthz` (the process answers; no auth), `GET /readyz` (providers configured, room in the agent queue, not
 * shutting down: 200, else 503 listing why), `GET /metrics` (Prometheus text format).
 */
export function registerHealth(app: FastifyInstance, context: GatewayContext, config: Config): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = [];
    if (Object.keys(config.providers).length === 0)
      problems.push('no provider is configured (config.json "providers")');
    if (context.admission.closed) problems.push('the gateway is shutting down');
    else if (context.admission.saturated) problems.push('the agent queue is full');
    return reply.code(problems.length === 0 ? 200 : 503).send({ ready: problems.length === 0, problems });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(context.metrics.contentType).send(await context.metrics.render()),
  );
}
