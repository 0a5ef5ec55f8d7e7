import { describe, expect, it } from 'vitest';
import { parseConfig, REDACTED, redactSecrets } from '../src/index.js';

describe('bus.transport and bus.nats', () => {
  it('defaults to the in-process bus with NATS settings ready for use', () => {
    const { config } = parseConfig({});
    expect(config.bus.transport).toBe('memory');
    expect(config.bus.nats).toMatchObject({
      stream: 'CLAWFT',
      subjectPrefix: 'clawft',
      partitions: 16,
      maxDeliver: 5,
    });
  });

  it('accepts snake_case keys and redacts the token and password', () => {
    const { config, warnings } = parseConfig({
      bus: {
        transport: 'nats',
        nats: { ack_wait_ms: 5000, token: 's3cret-token', user: 'me', password: 'hunter2' },
      },
    });
    expect(warnings).toEqual([]);
    expect(config.bus.nats.ackWaitMs).toBe(5000);
    const shown = JSON.stringify(redactSecrets(config));
    expect(shown).not.toContain('s3cret-token');
    expect(shown).not.toContain('hunter2');
    expect(redactSecrets(config).bus.nats).toMatchObject({ token: REDACTED, password: REDACTED, user: 'me' });
  });

  it('names the bad key when a stream name has a character NATS forbids', () => {
    expect(() => parseConfig({ bus: { nats: { stream: 'a.b' } } })).toThrow(/bus\.nats\.stream/);
  });
});
