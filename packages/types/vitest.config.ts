import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/types',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Sized for a loaded 2-core machine (eight sessions sharing it): vitest's 5 s default failed there.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
