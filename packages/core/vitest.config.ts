import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // global.gc for the bus heap test (test/bus-heap.test.ts).
    execArgv: ['--expose-gc'],
  },
});
