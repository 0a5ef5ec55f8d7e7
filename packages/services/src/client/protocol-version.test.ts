import { describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, negotiateProtocolVersion } from './protocol-version.js';

describe('negotiateProtocolVersion', () => {
  it('accepts the latest and older revisions the client speaks', () => {
    for (const version of [LATEST_PROTOCOL_VERSION, '2025-06-18', '2025-03-26', '2024-11-05']) {
      expect(negotiateProtocolVersion(version)).toBe(version);
    }
  });

  it('rejects an unknown revision with unsupported-protocol-version', () => {
    expect(() => negotiateProtocolVersion('2030-01-01', 'srv')).toThrow(
      expect.objectContaining({ kind: 'unsupported-protocol-version', server: 'srv' }),
    );
  });
});
