import { defineConfig } from 'vitest/config';

// One config for the whole repo: `npx vitest` at the root runs every workspace as a project.
// `turbo run test` runs each workspace's own `vitest run`, which picks up its vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
