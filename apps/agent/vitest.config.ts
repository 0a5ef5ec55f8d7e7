import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/agent',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each test spawns the built CLI one to four times; on a loaded 2-core machine one spawn can take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
