// The JetStream ledger stays bounded: each snapshot of the totals purges the entries it covers of days it no longer
// keeps, and every entry of a retained day is still there (their sum is the totals).
import { NatsBusSchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { oldestRetainedDay } from '../src/cost/budget-period.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const DAYS = 70;
const PER_DAY = 10;
const RETENTION_DAYS = 10;
const pricing = { 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 0 } };
const usage = (inputTokens: number) => ({
  inputTokens,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

const binary = natsServerBinary();
describe.skipIf(binary === undefined)('the JetStream cost ledger', () => {
  const server = useNatsServer(binary);

  it(`keeps the retained days of ${DAYS} days of bookings and purges the rest`, async () => {
    const nats = NatsBusSchema.parse({ servers: [server.url], stream: 'RETAIN' });
    let now = Date.UTC(2026, 0, 1, 1);
    const options = { pricing, retentionDays: RETENTION_DAYS, compactEvery: 20, clock: () => now };
    const tracker = await CostTracker.open({ ...options, store: await openNatsBudgetStore({ nats }) });
    const reference = new Map<string, number>();
    for (let day = 0; day < DAYS; day += 1) {
      for (let slot = 0; slot < PER_DAY; slot += 1) {
        now = Date.UTC(2026, 0, 1 + day, 1 + slot);
        const reservation = await tracker.reserve({ model: 'test/model', amountUsd: 0, requestId: `${day}` });
        const entry = tracker.book(reservation, {
          provider: 'test',
          model: 'test/model',
          attempt: 1,
          usage: usage(1000 * (1 + ((day + slot) % 5))),
          success: true,
        });
        reference.set(entry.day, (reference.get(entry.day) ?? 0) + entry.costUsd);
        tracker.release(reservation);
      }
      await tracker.flush();
    }
    await tracker.close();

    const store = await openNatsBudgetStore({ nats });
    try {
      const { entries } = await store.readEntries(0);
      const retainedFrom = oldestRetainedDay(now, 0, RETENTION_DAYS);
      expect(retainedFrom).toBe('2026-03-01');
      // 700 were booked; the days before the day before the retained ones were purged.
      expect(entries.length).toBeLessThan((DAYS * PER_DAY) / 4);
      expect(entries.every((entry) => entry.day >= '2026-02-28')).toBe(true);
      const kept = new Map<string, number>();
      for (const entry of entries) kept.set(entry.day, (kept.get(entry.day) ?? 0) + entry.costUsd);
      for (const [day, usd] of reference)
        if (day >= retainedFrom) expect(kept.get(day) ?? 0).toBeCloseTo(usd, 12);
      const reopened = await CostTracker.open({ ...options, store });
      const monthUsd = [...reference].reduce((sum, [day, usd]) => (day >= retainedFrom ? sum + usd : sum), 0);
      expect(reopened.spend().monthlyUsd).toBeCloseTo(monthUsd, 12);
      await reopened.close();
    } catch (error) {
      await store.close();
      throw error;
    }
  }, 120_000);
});
