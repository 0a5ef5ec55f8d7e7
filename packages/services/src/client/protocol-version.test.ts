import { describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, negotiateProtocolVersion } from './protocol-version.js';
import { restartDelayMs } from './restart-options.js';

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

describe('restartDelayMs', () => {
  it('doubles from the initial delay up to the cap, then gives up', () => {
    const options = { maxRestarts: 4, initialDelayMs: 100, maxDelayMs: 300 };
    expect([0, 1, 2, 3, 4].map((attempt) => restartDelayMs(options, attempt))).toEqual([
      100,
      200,
      300,
      300,
      undefined,
    ]);
  });
});
