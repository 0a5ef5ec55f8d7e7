import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostFileError } from './cost-file-error.js';
import { CostTracker } from './cost-tracker.js';
import { openFileBudgetStore } from './file-budget-store.js';

// $1 per million input tokens: 1000 tokens cost $0.001.
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };
const attempt = (inputTokens: number) => ({
  provider: 'test',
  model: 'test/model',
  attempt: 1,
  usage: { inputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  success: true,
});
const request = (amountUsd: number, requestId = 'r') => ({
  senderId: 'alice',
  model: 'test/model',
  amountUsd,
  requestId,
});

describe('CostTracker checks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-checks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([Number.NaN, -0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses to reserve %s USD with a TypeError quoting the value',
    async (amountUsd) => {
      const tracker = new CostTracker({ pricing, budgets: { perSenderDailyLimitUsd: 1 } });
      await expect(tracker.tryReserve(request(amountUsd))).rejects.toThrow(
        new RegExp(`\`amountUsd\`.*\`${String(amountUsd)}\``),
      );
      await expect(tracker.tryReserve(request(amountUsd))).rejects.toThrow(TypeError);
      expect(tracker.spend('alice').reservedUsd).toBe(0);
    },
  );

  it("still enforces a sender's budget after a NaN reservation was attempted", async () => {
    const tracker = new CostTracker({ pricing, budgets: { perSenderDailyLimitUsd: 1 } });
    await expect(tracker.tryReserve(request(Number.NaN, 'nan'))).rejects.toThrow(TypeError);
    expect((await tracker.tryReserve(request(0.6, 'a'))).ok).toBe(true);
    expect(await tracker.tryReserve(request(0.6, 'b'))).toMatchObject({ ok: false, budget: 'sender-daily' });
  });

  it('flags spend beyond the reservation on the entry and counts it', async () => {
    const tracker = new CostTracker({ pricing });
    const reservation = await tracker.reserve(request(0.001));
    const within = tracker.book(reservation, attempt(500));
    expect(within.overrunUsd).toBeUndefined();
    const beyond = tracker.book(reservation, attempt(2500));
    expect(beyond.overrunUsd).toBeCloseTo(0.002, 9);
    tracker.release(reservation);
    const late = tracker.book(reservation, attempt(1000));
    expect(late.overrunUsd).toBeCloseTo(0.001, 9);
    expect(tracker.overruns.count).toBe(2);
    expect(tracker.overruns.usd).toBeCloseTo(0.003, 9);
    expect(tracker.spend('alice').dailyUsd).toBeCloseTo(0.004, 9);
  });

  it.each([
    ['not JSON', '{"version": 1, "nextEntryId": 3, "dailySp'],
    ['not cost state', '{"version": 1, "nextEntryId": -1, "dailySpend": {}, "ledger": []}'],
  ])(
    'refuses a version 1 cost file that is %s with a kinded error naming it, and leaves it alone',
    async (_, text) => {
      const file = join(dir, 'costs.json');
      await writeFile(file, text);
      const opened = await openFileBudgetStore({ dir: join(dir, 'costs'), legacyFile: file }).catch(
        (error: unknown) => error,
      );
      expect(CostFileError.is(opened)).toBe(true);
      expect(opened).toMatchObject({ kind: 'cost-file-corrupt', file });
      expect((opened as Error).message).toContain(file);
      expect((opened as Error).message).toMatch(/backup|move it aside/);
      expect(await readFile(file, 'utf8')).toBe(text);
    },
  );

  it('says a version 1 cost file that cannot be read is unreadable (a directory in its place)', async () => {
    const opened = await openFileBudgetStore({ dir: join(dir, 'costs'), legacyFile: dir }).catch(
      (error: unknown) => error,
    );
    expect(opened).toMatchObject({ name: 'CostFileError', kind: 'cost-file-unreadable', file: dir });
  });
});
