import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/services',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
