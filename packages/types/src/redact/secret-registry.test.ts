import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED } from './redact.js';
import { SecretRegistry } from './secret-registry.js';

describe('SecretRegistry', () => {
  it('replaces every registered value, its JSON-escaped and percent-encoded spellings', () => {
    const secrets = new SecretRegistry().add('sk-"quoted"/1', 'abc', undefined);
    const text = `raw sk-"quoted"/1 json ${JSON.stringify('sk-"quoted"/1')} url ${encodeURIComponent('sk-"quoted"/1')} abc`;
    expect(secrets.redact(text)).toBe(`raw ${REDACTED} json "${REDACTED}" url ${REDACTED} abc`);
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    const secrets = new SecretRegistry().add('tok1', 'tok1-long-secret');
    expect(secrets.redact('x tok1-long-secret y')).toBe(`x ${REDACTED} y`);
  });

  it('strips URL credentials it was never told about', () => {
    expect(new SecretRegistry().redact('GET https://user:pw@host/v1?sig=abcd&x=1 failed')).toBe(
      `GET https://${REDACTED}@host/v1?sig=${REDACTED}&x=1 failed`,
    );
  });

  it('redacts errors deeply, with their stack and cause chain, and survives cycles and depth', () => {
    const secrets = new SecretRegistry().add('sk-cause-secret');
    const error = new Error('outer sk-cause-secret', { cause: new Error('inner sk-cause-secret') });
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let level = 0; level < 5000; level += 1) cursor = cursor.next = {} as Record<string, unknown>;
    const value = { error, deep, self: undefined as unknown };
    value.self = value;
    const safe = secrets.redactDeep(value);
    expect(inspect(safe, { depth: null })).not.toContain('sk-cause-secret');
    expect(JSON.stringify(safe)).toContain(REDACTED);
  });
});
