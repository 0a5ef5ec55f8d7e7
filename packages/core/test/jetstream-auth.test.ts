import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJetStreamBus } from '../src/index.js';
import { natsServerBinary, startNatsServer, type TestNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();
const TOKEN = 'token-for-this-test-only';

describe.skipIf(binary === undefined)('JetStreamBus credentials', { timeout: 30_000 }, () => {
  let server: TestNatsServer;
  beforeAll(async () => {
    server = await startNatsServer(binary ?? '', ['--auth', TOKEN]);
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
  }, 30_000);

  it('connects with bus.nats.token', async () => {
    const nats = {
      servers: [server.url],
      stream: 'AUTH',
      subjectPrefix: 'auth',
      partitions: 1,
      token: TOKEN,
    };
    const bus = await createJetStreamBus({ config: { nats } });
    try {
      expect((await bus.transportMetrics()).transport).toBe('nats');
    } finally {
      await bus.close();
    }
  });

  it('fails with bus-unavailable, the token kept out of the message, when it is wrong', async () => {
    const wrong = 'wrong-token-value';
    const nats = {
      servers: [server.url],
      stream: 'AUTH',
      subjectPrefix: 'auth',
      partitions: 1,
      token: wrong,
    };
    const error = await createJetStreamBus({ config: { nats } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'bus-unavailable' });
    expect((error as Error).message).not.toContain(wrong);
    expect((error as Error).message).toContain(server.url);
    expect((error as Error).message).toContain('bus.nats.token');
  });
});
