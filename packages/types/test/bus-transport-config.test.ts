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
        store: 'nats',
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

  it('keeps budgets in the file store by default; the nats store goes with a nats bus', () => {
    expect(parseConfig({}).config.bus.store).toBe('file');
    expect(parseConfig({ bus: { store: 'memory', transport: 'nats' } }).config.bus.store).toBe('memory');
    const { config, warnings } = parseConfig({
      bus: { store: 'nats', transport: 'nats', nats: { subject_prefix: 'x' } },
    });
    expect(warnings).toEqual([]);
    expect(config.bus).toMatchObject({ store: 'nats', nats: { subjectPrefix: 'x' } });
  });

  it.each([{}, { store: 'file' }])('refuses the file store (%o) on a NATS bus, naming both keys', (store) => {
    const parsed = (() => {
      try {
        return parseConfig({ bus: { transport: 'nats', ...store } });
      } catch (error) {
        return error;
      }
    })();
    expect(parsed).toMatchObject({ name: 'ConfigError', kind: 'config-invalid' });
    expect((parsed as Error).message).toMatch(/bus\.store.*"file".*bus\.transport "nats"/s);
    expect((parsed as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual([
      'bus.store',
    ]);
  });
});
