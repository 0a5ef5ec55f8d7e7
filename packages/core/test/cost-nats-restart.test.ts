// The NATS server restarts while a worker books: every booking made is in the ledger stream exactly once (appends
// are retried through the restart and de-duplicated by attempt id), and a fresh tracker's totals equal the sum.
import { NatsBusSchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../src/cost/cost-ledger.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const BOOKINGS = 120;
const RESTART_AT = 40;
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };
const usage = (inputTokens: number) => ({
  inputTokens,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

const binary = natsServerBinary();
describe.skipIf(binary === undefined)('the JetStream store through a NATS server restart', () => {
  const server = useNatsServer(binary);

  it(`loses and doubles none of ${BOOKINGS} bookings`, async () => {
    const nats = NatsBusSchema.parse({ servers: [server.url], stream: 'RESTART' });
    const errors: unknown[] = [];
    const tracker = await CostTracker.open({
      pricing,
      store: await openNatsBudgetStore({ nats }),
      onError: (error) => errors.push(error),
    });
    const booked: LedgerEntry[] = [];
    let restarted: Promise<void> | undefined;
    for (let index = 0; index < BOOKINGS; index += 1) {
      if (index === RESTART_AT) restarted = server.stop().then(() => server.start());
      const reservation = await tracker.reserve({
        senderId: `s${index % 3}`,
        model: 'test/model',
        amountUsd: 0.01,
        requestId: `r${index}`,
      });
      booked.push(
        tracker.book(reservation, {
          provider: 'test',
          model: 'test/model',
          attempt: 1,
          usage: usage(1000 + index),
          success: true,
        }),
      );
      tracker.release(reservation);
    }
    await restarted;
    await tracker.close();
    expect(errors).toEqual([]);

    const store = await openNatsBudgetStore({ nats });
    try {
      const { entries } = await store.readEntries(0);
      expect(entries.map((entry) => entry.attemptId).sort()).toEqual(
        booked.map((entry) => entry.attemptId).sort(),
      );
      const fresh = await CostTracker.open({ pricing, store });
      const sum = booked.reduce((total, entry) => total + entry.costUsd, 0);
      expect(fresh.spend().dailyUsd).toBeCloseTo(sum, 12);
      expect(fresh.spend('s0').dailyUsd).toBeCloseTo(
        booked.filter((entry) => entry.senderId === 's0').reduce((total, entry) => total + entry.costUsd, 0),
        12,
      );
    } finally {
      await store.close();
    }
  }, 180_000);

  it('stores an entry published twice (a retry whose first answer was lost) once', async () => {
    const nats = NatsBusSchema.parse({ servers: [server.url], stream: 'TWICE' });
    const store = await openNatsBudgetStore({ nats });
    try {
      const tracker = new CostTracker({ pricing, store });
      const reservation = await tracker.reserve({ model: 'test/model', amountUsd: 0.01, requestId: 'r' });
      const entry = tracker.book(reservation, {
        provider: 'test',
        model: 'test/model',
        attempt: 1,
        usage: usage(5),
        success: true,
      });
      await tracker.flush();
      await store.append(entry);
      expect((await store.readEntries(0)).entries).toEqual([entry]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
