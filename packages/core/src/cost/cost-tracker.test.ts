import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoutingError } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostTracker } from './cost-tracker.js';
import { openFileBudgetStore } from './file-budget-store.js';
import { createMemoryBudgetStore } from './memory-budget-store.js';

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
  it('shares a reservation with the store only when a budget limits its sender', async () => {
    const store = createMemoryBudgetStore();
    let holdWrites = 0;
    const counted = {
      ...store,
      updateHolds: ((...args: Parameters<typeof store.updateHolds>) => {
        holdWrites += 1;
        return store.updateHolds(...args);
      }) as typeof store.updateHolds,
    };
    const tracker = new CostTracker({
      pricing,
      store: counted,
      budgets: { senders: { bob: { dailyLimitUsd: 1 } } },
    });
    const free = await tracker.tryReserve({
      senderId: 'alice',
      model: 'test/model',
      amountUsd: 0.1,
      requestId: 'a',
    });
    if (!free.ok) throw new Error('alice has no budget: expected an admission');
    tracker.book(free.reservation, attempt(1000));
    tracker.release(free.reservation);
    await tracker.flush();
    expect(holdWrites).toBe(0);
    expect(tracker.spend('alice').dailyUsd).toBeCloseTo(0.001, 9);
    const limited = await tracker.tryReserve({
      senderId: 'bob',
      model: 'test/model',
      amountUsd: 0.1,
      requestId: 'b',
    });
    if (!limited.ok) throw new Error('bob has room: expected an admission');
    tracker.release(limited.reservation);
    await tracker.flush();
    expect(holdWrites).toBe(2);
  });

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
      (
        await tracker.tryReserve({
          senderId: 'alice',
          model: 'test/model',
          amountUsd: 0.1,
          requestId: 'again',
        })
      ).ok,
    ).toBe(true);
  });

  it('reconciles a reservation to the booked usage and releases the rest', async () => {
    const tracker = new CostTracker({ pricing, budgets: { perSenderDailyLimitUsd: 1 } });
    const reservation = await tracker.reserve({
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

  it('refuses with a RoutingError naming the budget and the sender', async () => {
    const tracker = new CostTracker({ pricing, budgets: { senders: { carol: { monthlyLimitUsd: 0.05 } } } });
    const refusal = await tracker
      .reserve({ senderId: 'carol', model: 'test/model', amountUsd: 0.06, requestId: 'r' })
      .catch((error: unknown) => error);
    expect(RoutingError.is(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      kind: 'budget-exceeded',
      budget: 'sender-monthly',
      senderId: 'carol',
      limitUsd: 0.05,
    });
    expect((refusal as Error).message).toContain('sender-monthly');
  });

  it('applies the global budget across senders', async () => {
    const tracker = new CostTracker({ pricing, budgets: { globalDailyLimitUsd: 0.2 } });
    expect(
      (await tracker.tryReserve({ senderId: 'a', model: 'test/model', amountUsd: 0.15, requestId: '1' })).ok,
    ).toBe(true);
    expect(
      await tracker.tryReserve({ senderId: 'b', model: 'test/model', amountUsd: 0.15, requestId: '2' }),
    ).toMatchObject({ ok: false, budget: 'global-daily' });
  });

  it('starts a new budget day at the reset hour (UTC)', async () => {
    let now = Date.parse('2026-03-10T05:59:00Z');
    const tracker = new CostTracker({
      pricing,
      budgets: { perSenderDailyLimitUsd: 1, resetHourUtc: 6 },
      clock: () => now,
    });
    const reservation = await tracker.reserve({
      senderId: 'dan',
      model: 'test/model',
      amountUsd: 0.9,
      requestId: 'r',
    });
    tracker.book(reservation, attempt(900_000));
    tracker.release(reservation);
    expect(tracker.ledger({ senderId: 'dan' })[0]?.day).toBe('2026-03-09');
    expect(
      (await tracker.tryReserve({ senderId: 'dan', model: 'test/model', amountUsd: 0.2, requestId: 'r2' }))
        .ok,
    ).toBe(false);
    now = Date.parse('2026-03-10T06:00:00Z');
    expect(tracker.spend('dan').dailyUsd).toBe(0);
    expect(tracker.spend('dan').monthlyUsd).toBeCloseTo(0.9);
    expect(
      (await tracker.tryReserve({ senderId: 'dan', model: 'test/model', amountUsd: 0.2, requestId: 'r3' }))
        .ok,
    ).toBe(true);
  });

  it('queries the ledger by sender, model and day', async () => {
    const tracker = new CostTracker({ pricing, clock: () => Date.parse('2026-01-02T12:00:00Z') });
    for (const senderId of ['alice', 'bob', 'alice']) {
      const reservation = await tracker.reserve({
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

describe('CostTracker on the file store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per attempt with mode 0600, and loads the totals back on open', async () => {
    const store = join(dir, 'state', 'costs');
    const budgets = { perSenderDailyLimitUsd: 1 };
    const tracker = await CostTracker.open({
      pricing,
      budgets,
      store: await openFileBudgetStore({ dir: store }),
    });
    const reservation = await tracker.reserve({
      senderId: 'alice',
      model: 'test/model',
      amountUsd: 0.5,
      requestId: 'r',
    });
    tracker.book(reservation, attempt(700_000));
    tracker.book(reservation, attempt(1000, false));
    tracker.release(reservation);
    await tracker.close();
    const ledger = join(store, 'ledger.jsonl');
    expect((await stat(ledger)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(ledger, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      {
        senderId: 'alice',
        costUsd: 0.7,
        costSource: 'pricing',
        reservationId: reservation.id,
        success: true,
      },
      { senderId: 'alice', costUsd: 0.001, success: false },
    ]);
    // Holds and totals were written through a temp file and a rename: nothing else is left beside them.
    expect((await readdir(store)).sort()).toEqual(['holds.json', 'ledger.jsonl', 'totals.json']);
    expect(JSON.parse(await readFile(join(store, 'holds.json'), 'utf8'))).toEqual({ version: 2, holds: [] });

    const reopened = await CostTracker.open({
      pricing,
      budgets,
      store: await openFileBudgetStore({ dir: store }),
    });
    expect(reopened.spend('alice').dailyUsd).toBeCloseTo(0.701);
    expect(
      (await reopened.tryReserve({ senderId: 'alice', model: 'test/model', amountUsd: 0.5, requestId: 'r2' }))
        .ok,
    ).toBe(false);
    await reopened.close();
  });

  it('reports a failed append to onError and takes the booking back out of the totals', async () => {
    const store = await openFileBudgetStore({ dir: join(dir, 'costs') });
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const errors: unknown[] = [];
    const tracker = await CostTracker.open({
      pricing,
      budgets: { perSenderDailyLimitUsd: 1 },
      // The disk fills up: every append fails, holds still work.
      store: { ...store, append: () => Promise.reject(full) },
      onError: (error) => errors.push(error),
    });
    for (const requestId of ['r1', 'r2']) {
      const reservation = await tracker.reserve({
        senderId: 'alice',
        model: 'test/model',
        amountUsd: 0.1,
        requestId,
      });
      tracker.book(reservation, attempt(1000));
      expect(tracker.spend('alice').dailyUsd).toBeCloseTo(0.001, 12);
      tracker.release(reservation);
      await tracker.flush();
    }
    expect(errors).toEqual([full, full]);
    expect(tracker.spend('alice')).toEqual({ dailyUsd: 0, monthlyUsd: 0, reservedUsd: 0 });
    expect((await readdir(join(dir, 'costs'))).sort()).toEqual(['holds.json']);
  });

  it('says a ledger that cannot be read is unreadable (a directory in its place)', async () => {
    const ledger = join(dir, 'costs', 'ledger.jsonl');
    await mkdir(ledger, { recursive: true });
    const store = await openFileBudgetStore({ dir: join(dir, 'costs') });
    await expect(CostTracker.open({ store })).rejects.toMatchObject({
      name: 'CostFileError',
      kind: 'cost-file-unreadable',
      file: ledger,
    });
  });

  it('refuses to start from totals that do not parse, rather than forgetting spend', async () => {
    const store = join(dir, 'costs');
    await mkdir(store);
    const file = join(store, 'totals.json');
    await writeFile(file, '{"version":2,"cursor":"nope"}');
    await expect(
      CostTracker.open({ store: await openFileBudgetStore({ dir: store }) }),
    ).rejects.toMatchObject({
      name: 'CostFileError',
      kind: 'cost-file-corrupt',
      file,
      cause: { issues: expect.arrayContaining([expect.objectContaining({ path: ['cursor'] })]) },
    });
  });

  it('migrates a version 1 costs.json: its entries, and a carry-over for spend whose entries it had dropped', async () => {
    const legacyFile = join(dir, 'costs.json');
    const kept = {
      id: 7,
      requestId: 'old',
      timestampMs: Date.parse('2026-03-10T12:00:00Z'),
      day: '2026-03-10',
      senderId: 'alice',
      provider: 'test',
      model: 'test/model',
      attempt: 1,
      usage: usage(1000, 0),
      costUsd: 0.001,
      usageReported: true,
      priced: true,
      success: true,
    };
    const state = {
      version: 1,
      nextEntryId: 8,
      dailySpend: { '2026-03-10': { alice: 0.5 } },
      ledger: [kept],
    };
    await writeFile(legacyFile, JSON.stringify(state));
    const clock = () => Date.parse('2026-03-10T18:00:00Z');
    const store = await openFileBudgetStore({ dir: join(dir, 'costs'), legacyFile });
    const tracker = await CostTracker.open({ pricing, clock, store });
    expect(tracker.spend('alice').dailyUsd).toBeCloseTo(0.5, 12);
    expect(tracker.ledger().map((entry) => [entry.attemptId, entry.costSource, entry.costUsd])).toEqual([
      ['costs.json#7', 'pricing', 0.001],
      ['costs.json#carry-over:2026-03-10:alice', 'migrated', expect.closeTo(0.499, 12)],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['costs', 'costs.json.migrated']);
    // Opening again migrates nothing twice.
    const again = await CostTracker.open({
      pricing,
      clock,
      store: await openFileBudgetStore({ dir: join(dir, 'costs'), legacyFile }),
    });
    expect(again.ledger()).toHaveLength(2);
  });
});
