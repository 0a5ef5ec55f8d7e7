import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '@clawft/types';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { addAccessHooks, corsHeadersFor } from './access-hooks.js';
import { registerAgentMessages } from './agent-messages-route.js';
import { registerChatCompletions } from './chat-completions-route.js';
import { errorBody, type GatewayContext } from './gateway-context.js';
import { GatewayError } from './gateway-error.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { registerHealth } from './health-routes.js';
import { isLoopbackHost } from './is-loopback-host.js';
import { OpenTurns } from './open-turns.js';
import { registerSessions } from './sessions-routes.js';
import { createTokenAuth, type GatewayCaller } from './token-auth.js';
import { TurnAdmission } from './turn-admission.js';
import type { GatewayBackend } from './turn-runner.js';

export interface StartGatewayOptions {
  config: Config;
  /**
   * Who runs the turns and where sessions live: the agent loop of `createRuntime` (`loopBackend(runtime.loop)`), or
   * the workers over NATS (`connectBusBackend`).
   */
  backend: GatewayBackend;
  /** Cancels the start (before listening). */
  signal?: AbortSignal;
}

/** A listening gateway. */
export interface RunningGateway {
  /** `http://host:port` it listens on. */
  url: string;
  port: number;
  metrics: GatewayMetrics;
  /**
   * Stops accepting (new requests get 503, the port is closed), lets running turns finish within
   * `gateway.shutdownMs`, aborts the rest (each still answers, with an error reply), then closes the connections.
   * Closes neither the backend's loop nor its bus. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts `clawft serve`'s HTTP gateway (fastify) on `gateway.host`:`gateway.port` in front of a turn runner: the
 * agent loop in this process, or (bus `nats`) the `clawft worker`s sharing the stream.
 *
 * @throws GatewayError `insecure-bind` when the host is not loopback and `gateway.tokens` is empty; `listen-failed`
 *   when the port cannot be bound.
 * @example
 * const runtime = await createRuntime({ config });
 * const gateway = await startGateway({ config, backend: loopBackend(runtime.loop) });
 * // … gateway.url
 * await gateway.close(); await runtime.close();
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config, backend } = options;
  const remote = config.bus.transport === 'nats';
  const settings = config.gateway;
  if (!isLoopbackHost(settings.host) && settings.tokens.length === 0)
    throw new GatewayError({
      kind: 'insecure-bind',
      message: `gateway.host is "${settings.host}", which other machines can reach, and gateway.tokens is empty: anyone could use the agent. Add tokens to gateway.tokens, or bind 127.0.0.1.`,
    });
  const admission = new TurnAdmission({
    maxStreamsPerSender: settings.maxStreamsPerSender,
    maxStreams: settings.maxStreams,
    // On NATS the stream bounds the queue (`bus.inboundCapacity` → MaxMsgs): no local queue to check.
    queueCapacity: remote ? Number.POSITIVE_INFINITY : config.bus.inboundCapacity,
    runningCapacity: config.agents.defaults.maxConcurrentTurns,
    overflowPolicy: config.bus.overflowPolicy,
    queueWaitMs: settings.queueWaitMs,
    maxWaiting: config.bus.maxWaitingSenders,
  });
  const metrics = new GatewayMetrics(backend.bus, () => admission.open);
  const callers = new WeakMap<FastifyRequest, GatewayCaller>();
  const openTurns = new OpenTurns();
  const context: GatewayContext = {
    turns: backend.turns,
    sessions: backend.sessions,
    bus: backend.bus,
    remote,
    openTurns,
    settings,
    admission,
    metrics,
    callers,
    corsHeaders: (request) => corsHeadersFor(request, settings.cors.origins),
  };
  const app = buildApp(config, context);
  options.signal?.throwIfAborted();
  try {
    await app.listen({ host: settings.host, port: settings.port, backlog: settings.listenBacklog });
  } catch (error) {
    await app.close();
    throw new GatewayError({
      kind: 'listen-failed',
      message: `cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const { port } = app.server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      admission.close();
      app.server.close();
      await openTurns.drain(settings.shutdownMs);
      await app.close();
    })();
    return closing;
  };
  return { url: `http://${host}:${port}`, port, metrics, close };
}

function buildApp(config: Config, context: GatewayContext): FastifyInstance {
  const settings = config.gateway;
  const app = Fastify({
    logger: false,
    bodyLimit: settings.maxBodyBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    serverFactory: (handler) =>
      createServer(
        {
          headersTimeout: settings.headersTimeoutMs,
          requestTimeout: settings.requestTimeoutMs,
          keepAliveTimeout: settings.keepAliveTimeoutMs,
          // Node checks the two timeouts above on this period (default 30 s): check often enough to cut on time.
          connectionsCheckingInterval: Math.max(
            50,
            Math.min(1_000, Math.floor(settings.headersTimeoutMs / 4)),
          ),
        },
        handler as (request: IncomingMessage, response: ServerResponse) => void,
      ) as Server,
  });
  addAccessHooks(app, {
    authenticate: createTokenAuth(settings.tokens),
    callers: context.callers,
    corsOrigins: settings.cors.origins,
  });
  app.addHook('onResponse', async (request, reply) => {
    context.metrics.request(request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const code =
      status === 413
        ? 'body-too-large'
        : status === 415
          ? 'unsupported-media-type'
          : status < 500
            ? 'invalid-request'
            : 'internal-error';
    const message =
      status === 413
        ? `the request body is larger than gateway.maxBodyBytes (${settings.maxBodyBytes} bytes)`
        : status < 500
          ? error.message
          : 'internal error; see the gateway log';
    if (status >= 500) process.stderr.write(`clawft serve: ${error.stack ?? error.message}\n`);
    return reply.code(status).send(errorBody(code, message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          'not-found',
          `no route ${request.method} ${request.url.split('?')[0]}; see docs/guides/gateway.md`,
        ),
      ),
  );
  registerHealth(app, context, config);
  registerChatCompletions(app, context);
  registerAgentMessages(app, context);
  registerSessions(app, context);
  return app;
}
