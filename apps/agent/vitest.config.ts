import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/agent',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
