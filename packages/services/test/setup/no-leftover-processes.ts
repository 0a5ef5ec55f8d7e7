import { afterAll, expect } from 'vitest';
import { descendants, waitUntil } from '../processes.js';

// Registered before each file's own hooks, so it runs after them: every server a test file started must be
// gone (and reaped: a zombie child counts too) once the file is done.
afterAll(async () => {
  await waitUntil(() => descendants().length === 0, 20_000);
  expect(descendants(), 'processes left behind by this test file').toEqual([]);
});
