import { describe, expect, it } from 'vitest';
import { restartDelayMs } from './restart-options.js';

describe('restartDelayMs', () => {
  it('doubles from the initial delay up to the cap, then gives up', () => {
    const options = { maxRestarts: 4, initialDelayMs: 100, maxDelayMs: 300 };
    expect([0, 1, 2, 3, 4].map((attempt) => restartDelayMs(options, attempt, () => 0))).toEqual([
      100,
      200,
      300,
      300,
      undefined,
    ]);
  });

  // Issue 13: without jitter, every client whose server dropped at once reconnected at the same moment.
  it('spreads the restarts of clients that failed together (jitter 0.2 by default)', () => {
    const delays = new Set(Array.from({ length: 100 }, () => restartDelayMs({}, 2)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1600);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(2000);
    expect(restartDelayMs({ jitter: 0 }, 2, () => 0.9)).toBe(2000);
  });
});
