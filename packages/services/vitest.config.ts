import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/services',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup/no-leftover-processes.ts'],
    // Tests spawn real servers; on a loaded 2-core machine a spawn plus handshake can take seconds. Polls inside
    // tests wait up to 5 s, so the limits leave room above that.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
