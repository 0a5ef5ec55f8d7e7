import { SessionStore } from '@clawft/core';
import type { GatewaySessions } from './turn-runner.js';

/**
 * The sessions of a workspace that other processes write (the workers, bus `nats`), read fresh on every call: a
 * `SessionStore` caches what it loaded, which is right for the process that appends and stale for one that only
 * reads. Each call reads the file through a store of its own.
 *
 * @example
 * const sessions = freshSessions('/srv/clawft/workspace');
 * const { messages } = await sessions.load('gateway:alice/work');
 */
export function freshSessions(workspace: string): GatewaySessions {
  const store = () => new SessionStore({ workspace, maxCachedSessions: 1 });
  return {
    load: (key, options) => store().load(key, options),
    remove: (key) => store().remove(key),
    fileFor: (key) => store().fileFor(key),
  };
}
