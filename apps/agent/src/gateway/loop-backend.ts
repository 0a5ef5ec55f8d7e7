import type { AgentLoop } from '@clawft/core';
import type { GatewayBackend } from './turn-runner.js';

/**
 * The gateway's backend when turns run in this process (bus `memory`): the agent loop runs each turn with the
 * request's abort signal, its session store serves the sessions routes, its bus the gauges.
 *
 * @example
 * const gateway = await startGateway({ config, backend: loopBackend(runtime.loop) });
 */
export function loopBackend(loop: AgentLoop): GatewayBackend {
  return { turns: loop, sessions: loop.sessions, bus: loop.bus };
}
