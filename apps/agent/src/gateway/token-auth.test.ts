import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenAuth } from './token-auth.js';

const TOKEN = 'a-long-enough-token-0001';

describe('createTokenAuth', () => {
  it('maps a plain or sha256-configured token to its sender, and nothing else', () => {
    const hashed = `sha256:${createHash('sha256').update('another-token-000000002').digest('hex').toUpperCase()}`;
    const authenticate = createTokenAuth([
      { token: TOKEN, senderId: 'alice' },
      { token: hashed, senderId: 'bob' },
    ]);
    expect(authenticate(`Bearer ${TOKEN}`)).toEqual({ senderId: 'alice' });
    expect(authenticate('bearer another-token-000000002')).toEqual({ senderId: 'bob' });
    expect(authenticate(undefined)).toBeUndefined();
    expect(authenticate(`Basic ${TOKEN}`)).toBeUndefined();
    expect(authenticate(`Bearer ${TOKEN}x`)).toBeUndefined();
    expect(authenticate(`Bearer ${hashed}`)).toBeUndefined();
    expect(authenticate('Bearer ')).toBeUndefined();
  });
});
