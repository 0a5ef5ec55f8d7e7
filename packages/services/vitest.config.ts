import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/services',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup/no-leftover-processes.ts'],
    // Tests spawn real servers; on a loaded 2-core machine a spawn plus handshake can take seconds. Polls inside
    // tests (`waitUntil`) give up after 20 s (they return as soon as the condition holds), so the limits leave
    // room above that.
    testTimeout: 45_000,
    hookTimeout: 45_000,
  },
});
