import { afterAll, beforeAll } from 'vitest';
import { startNatsServer, type TestNatsServer } from '../../src/testing/nats-server.js';

export { natsServerBinary, startNatsServer, type TestNatsServer } from '../../src/testing/nats-server.js';

/**
 * Starts a server of its own for the enclosing `describe` (beforeAll) and disposes of it (afterAll); the returned
 * object reads through to that server once it runs.
 */
export function useNatsServer(binary: string | undefined): TestNatsServer {
  let server: TestNatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer(binary ?? '');
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
  }, 30_000);
  const current = (): TestNatsServer => {
    if (server === undefined) throw new Error('the test NATS server is not running (use it inside a test)');
    return server;
  };
  return {
    get url() {
      return current().url;
    },
    get storeDir() {
      return current().storeDir;
    },
    stop: () => current().stop(),
    start: () => current().start(),
    dispose: () => current().dispose(),
    pause: () => current().pause(),
    resume: () => current().resume(),
  };
}
