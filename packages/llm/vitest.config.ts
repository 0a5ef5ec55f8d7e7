import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@clawft/llm',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
