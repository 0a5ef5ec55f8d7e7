import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/types',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
