import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './gateway-context.js';
import type { GatewayCaller } from './token-auth.js';

/** Paths served without a token. */
const OPEN_PATHS: ReadonlySet<string> = new Set(['/healthz']);

export interface AccessHooksOptions {
  authenticate(header: string | undefined): GatewayCaller | undefined;
  callers: WeakMap<FastifyRequest, GatewayCaller>;
  /** Allowed CORS origins; empty: no CORS headers at all. */
  corsOrigins: readonly string[];
}

/**
 * CORS (only for the configured origins; preflights answered before auth) and bearer auth on every path but
 * `/healthz`: a missing or wrong token is 401 with `WWW-Authenticate: Bearer`. The token is never logged.
 *
 * @example
 * addAccessHooks(app, { authenticate: createTokenAuth(tokens), callers, corsOrigins: [] });
 */
export function addAccessHooks(app: FastifyInstance, options: AccessHooksOptions): void {
  const origins = new Set(options.corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const corsAllowed = typeof origin === 'string' && origins.has(origin);
    if (corsAllowed) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS' && corsAllowed) {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, x-clawft-session')
        .header('access-control-max-age', '600')
        .send();
    }
    if (OPEN_PATHS.has(request.url.split('?')[0] ?? '')) return;
    const caller = options.authenticate(request.headers.authorization);
    if (caller === undefined) {
      const reason =
        request.headers.authorization === undefined
          ? 'no bearer token was sent'
          : 'the bearer token is not valid';
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="clawft", error="invalid_token"')
        .send(
          errorBody(
            'unauthorized',
            `${reason}: send "Authorization: Bearer <token>" with a token from gateway.tokens`,
            { type: 'authentication_error' },
          ),
        );
    }
    options.callers.set(request, caller);
  });
}

/** The CORS headers for a hijacked (SSE) response to `request`. */
export function corsHeadersFor(
  request: FastifyRequest,
  corsOrigins: readonly string[],
): Record<string, string> {
  const origin = request.headers.origin;
  return typeof origin === 'string' && corsOrigins.includes(origin)
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : {};
}
