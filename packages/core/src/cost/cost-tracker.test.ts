import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoutingError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostTracker } from './cost-tracker.js';

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});
// $1 per million in and out: 1000 tokens cost $0.001.
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 1 } };
const attempt = (tokens: number, success = true) => ({
  provider: 'test',
  model: 'test/model',
  attempt: 1,
  usage: usage(tokens, 0),
  success,
});

describe('CostTracker', () => {
  it('admits at most what the budget fits when 20 requests reserve at once, and a release frees the room', async () => {
    const tracker = new CostTracker({ pricing, budgets: { perSenderDailyLimitUsd: 1 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        await Promise.resolve();
        return tracker.tryReserve({
          senderId: 'alice',
          model: 'test/model',
          amountUsd: 0.1,
          requestId: `r${index}`,
        });
      }),
    );
    const admitted = results.filter((result) => result.ok);
    expect(admitted).toHaveLength(10);
    expect(results.find((result) => !result.ok)).toMatchObject({ budget: 'sender-daily', limitUsd: 1 });
    const first = admitted[0];
    if (first?.ok !== true) throw new Error('expected an admission');
    tracker.release(first.reservation);
    expect(
      tracker.tryReserve({ senderId: 'alice', model: 'test/model', amountUsd: 0.1, requestId: 'again' }).ok,
    ).toBe(true);
  });

  it('reconciles a reservation to the booked usage and releases the rest', () => {
    const tracker = new CostTracker({ pricing, budgets: { perSenderDailyLimitUsd: 1 } });
    const reservation = tracker.reserve({
      senderId: 'bob',
      model: 'test/model',
      amountUsd: 0.5,
      requestId: 'r',
    });
    expect(tracker.spend('bob')).toMatchObject({ dailyUsd: 0, reservedUsd: 0.5 });
    tracker.book(reservation, attempt(100_000));
    expect(tracker.spend('bob').dailyUsd).toBeCloseTo(0.1);
    expect(tracker.spend('bob').reservedUsd).toBeCloseTo(0.4);
    tracker.release(reservation);
    expect(tracker.spend('bob')).toMatchObject({ reservedUsd: 0 });
    expect(tracker.spend('bob').dailyUsd).toBeCloseTo(0.1);
  });

  it('refuses with a RoutingError naming the budget and the sender', () => {
    const tracker = new CostTracker({ pricing, budgets: { senders: { carol: { monthlyLimitUsd: 0.05 } } } });
    const refusal = (() => {
      try {
        tracker.reserve({ senderId: 'carol', model: 'test/model', amountUsd: 0.06, requestId: 'r' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(RoutingError.is(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      kind: 'budget-exceeded',
      budget: 'sender-monthly',
      senderId: 'carol',
      limitUsd: 0.05,
    });
    expect((refusal as Error).message).toContain('sender-monthly');
  });

  it('applies the global budget across senders', () => {
    const tracker = new CostTracker({ pricing, budgets: { globalDailyLimitUsd: 0.2 } });
    expect(
      tracker.tryReserve({ senderId: 'a', model: 'test/model', amountUsd: 0.15, requestId: '1' }).ok,
    ).toBe(true);
    expect(
      tracker.tryReserve({ senderId: 'b', model: 'test/model', amountUsd: 0.15, requestId: '2' }),
    ).toMatchObject({ ok: false, budget: 'global-daily' });
  });

  it('starts a new budget day at the reset hour (UTC)', () => {
    let now = Date.parse('2026-03-10T05:59:00Z');
    const tracker = new CostTracker({
      pricing,
      budgets: { perSenderDailyLimitUsd: 1, resetHourUtc: 6 },
      clock: () => now,
    });
    const reservation = tracker.reserve({
      senderId: 'dan',
      model: 'test/model',
      amountUsd: 0.9,
      requestId: 'r',
    });
    tracker.book(reservation, attempt(900_000));
    tracker.release(reservation);
    expect(tracker.ledger({ senderId: 'dan' })[0]?.day).toBe('2026-03-09');
    expect(
      tracker.tryReserve({ senderId: 'dan', model: 'test/model', amountUsd: 0.2, requestId: 'r2' }).ok,
    ).toBe(false);
    now = Date.parse('2026-03-10T06:00:00Z');
    expect(tracker.spend('dan').dailyUsd).toBe(0);
    expect(tracker.spend('dan').monthlyUsd).toBeCloseTo(0.9);
    expect(
      tracker.tryReserve({ senderId: 'dan', model: 'test/model', amountUsd: 0.2, requestId: 'r3' }).ok,
    ).toBe(true);
  });

  it('queries the ledger by sender, model and day', () => {
    const tracker = new CostTracker({ pricing, clock: () => Date.parse('2026-01-02T12:00:00Z') });
    for (const senderId of ['alice', 'bob', 'alice']) {
      const reservation = tracker.reserve({
        senderId,
        model: 'test/model',
        amountUsd: 0,
        requestId: senderId,
      });
      tracker.book(reservation, attempt(1000));
      tracker.release(reservation);
    }
    expect(tracker.ledger({ senderId: 'alice' })).toHaveLength(2);
    expect(tracker.ledger({ model: 'test/model', day: '2026-01-02' })).toHaveLength(3);
    expect(tracker.ledger({ day: '2026-01-01' })).toHaveLength(0);
  });
});

describe('CostTracker persistence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the state atomically with mode 0600 and loads it back on open', async () => {
    const file = join(dir, 'state', 'costs.json');
    const tracker = await CostTracker.open({ pricing, file, budgets: { perSenderDailyLimitUsd: 1 } });
    const reservation = tracker.reserve({
      senderId: 'alice',
      model: 'test/model',
      amountUsd: 0.5,
      requestId: 'r',
    });
    tracker.book(reservation, attempt(700_000));
    tracker.release(reservation);
    await tracker.flush();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Written through a temp file and a rename: nothing else is left beside it.
    expect(await readdir(join(dir, 'state'))).toEqual(['costs.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      version: 1,
      ledger: [{ senderId: 'alice' }],
    });

    const reopened = await CostTracker.open({ pricing, file, budgets: { perSenderDailyLimitUsd: 1 } });
    expect(reopened.spend('alice').dailyUsd).toBeCloseTo(0.7);
    expect(
      reopened.tryReserve({ senderId: 'alice', model: 'test/model', amountUsd: 0.5, requestId: 'r2' }).ok,
    ).toBe(false);
    expect(reopened.ledger({ senderId: 'alice' })[0]?.id).toBe(0);
  });

  it('reports a failed save to onError and leaves no temp file behind', async () => {
    // A non-empty directory where the file should be: the rename over it fails on every save.
    const file = join(dir, 'costs.json');
    await mkdir(join(file, 'occupied'), { recursive: true });
    const errors: unknown[] = [];
    const tracker = new CostTracker({ pricing, file, onError: (error) => errors.push(error) });
    for (const requestId of ['r1', 'r2']) {
      const reservation = tracker.reserve({
        senderId: 'alice',
        model: 'test/model',
        amountUsd: 0.1,
        requestId,
      });
      tracker.book(reservation, attempt(1000));
      tracker.release(reservation);
      await tracker.flush();
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await readdir(dir)).toEqual(['costs.json']);
    expect(tracker.spend('alice').reservedUsd).toBe(0);
  });

  it('refuses to start from a cost file that does not parse, rather than forgetting spend', async () => {
    const file = join(dir, 'costs.json');
    await import('node:fs/promises').then(({ writeFile }) =>
      writeFile(file, '{"version":1,"ledger":"nope"}'),
    );
    await expect(CostTracker.open({ file })).rejects.toMatchObject({
      name: 'CostFileError',
      kind: 'cost-file-corrupt',
      file,
      cause: { issues: expect.arrayContaining([expect.objectContaining({ path: ['ledger'] })]) },
    });
  });
});
