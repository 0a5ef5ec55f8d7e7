import { Agent, type Dispatcher } from 'undici';

const agents = new Map<number, Agent>();

/** The connect timeout of the shared agent, in ms. */
export const DEFAULT_CONNECT_MS = 10_000;

/**
 * The process-wide undici `Agent` providers use unless given a `dispatcher`: keep-alive connections pooled per
 * origin. One agent per distinct connect timeout (normally exactly one). undici's own headers/body timeouts are
 * off: clawft's call timers own those.
 */
export function sharedAgent(connectMs: number = DEFAULT_CONNECT_MS): Dispatcher {
  let agent = agents.get(connectMs);
  if (agent === undefined) {
    agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connections: 128,
      connect: { timeout: connectMs },
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    agents.set(connectMs, agent);
  }
  return agent;
}
