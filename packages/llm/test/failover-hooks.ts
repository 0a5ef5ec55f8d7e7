import { afterEach, beforeEach, expect } from 'vitest';
import { OpenedEndpoints } from './failover-helpers.js';

/**
 * Registers hooks that close every server and agent a test opened and assert it left no socket open and no timer
 * behind; returns the tracker to open them with.
 */
export function useOpenedEndpoints(): OpenedEndpoints {
  const opened = new OpenedEndpoints();
  beforeEach(() => opened.mark());
  afterEach(async () => {
    const { sockets, timers } = await opened.closeAll();
    expect(sockets).toEqual(sockets.map(() => 0));
    expect(timers).toBeLessThanOrEqual(0);
  });
  return opened;
}
