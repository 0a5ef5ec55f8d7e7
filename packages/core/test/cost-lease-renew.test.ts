// A hold lives as long as its call: a tracker renews the leases of the holds it keeps (one timer per tracker), so a
// call held for several lease lengths keeps counting against the budget, on the file and the JetStream store. (A
// killed holder stops renewing: test/cost-lease.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsBusSchema } from '@clawft/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BudgetStore, HoldRecord } from '../src/cost/budget-store.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openFileBudgetStore } from '../src/cost/file-budget-store.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const LEASE_MS = 400;
const budgets = { perSenderDailyLimitUsd: 1 };
const ask = (requestId: string) => ({ senderId: 'alice', model: 'test/model', amountUsd: 1, requestId });

async function holdsOf(store: BudgetStore): Promise<readonly HoldRecord[]> {
  return store.updateHolds(async (holds) => ({ result: holds }));
}

/** Waits (polling the store) until a renewal moved the hold's expiry to at least `atLeastMs`. */
async function renewedTo(store: BudgetStore, atLeastMs: number): Promise<void> {
  for (;;) {
    const [hold] = await holdsOf(store);
    if (hold === undefined) throw new Error('the hold is gone');
    if (hold.expiresAtMs >= atLeastMs) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A holds the whole budget while the shared clock moves 6 × 0.6 leases; B is refused all along, then admitted. */
async function expectHoldKept(openStore: () => Promise<BudgetStore>): Promise<void> {
  let now = Date.UTC(2026, 5, 1, 12);
  const clock = () => now;
  const holder = await CostTracker.open({ store: await openStore(), budgets, leaseMs: LEASE_MS, clock });
  const other = await CostTracker.open({ store: await openStore(), budgets, leaseMs: LEASE_MS, clock });
  try {
    const held = await holder.reserve(ask('long-call'));
    for (let step = 0; step < 6; step += 1) {
      now += LEASE_MS * 0.6;
      // Without a renewal since the clock moved, the hold would expire at the next step.
      await renewedTo(holder.store, now + LEASE_MS);
      expect(await other.tryReserve(ask(`while-held-${step}`))).toMatchObject({
        ok: false,
        budget: 'sender-daily',
      });
    }
    holder.release(held);
    await holder.flush();
    const after = await other.tryReserve(ask('after'));
    expect(after.ok).toBe(true);
    if (after.ok) other.release(after.reservation);
  } finally {
    await holder.close();
    await other.close();
  }
}

describe('a held reservation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-renew-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps counting past several lease lengths on the file store', async () => {
    await expectHoldKept(() => openFileBudgetStore({ dir: join(dir, 'kept'), fsync: 'never' }));
  }, 60_000);

  it('leaves no renewal timer behind: one per tracker, cleared on the last release and on close', async () => {
    const set = vi.spyOn(globalThis, 'setInterval');
    const clear = vi.spyOn(globalThis, 'clearInterval');
    const store = await openFileBudgetStore({ dir: join(dir, 'timers'), fsync: 'never' });
    const tracker = await CostTracker.open({
      store,
      budgets: { perSenderDailyLimitUsd: 10 },
      leaseMs: 60_000,
    });
    const first = await tracker.reserve(ask('a'));
    const second = await tracker.reserve(ask('b'));
    expect(set).toHaveBeenCalledTimes(1);
    tracker.release(first);
    expect(clear).not.toHaveBeenCalledWith(set.mock.results[0]?.value);
    tracker.release(second);
    expect(clear).toHaveBeenCalledWith(set.mock.results[0]?.value);
    // Held at close: the timer goes with it (the hold then expires like a killed holder's).
    await tracker.reserve(ask('c'));
    expect(set).toHaveBeenCalledTimes(2);
    await tracker.close();
    expect(clear).toHaveBeenCalledWith(set.mock.results[1]?.value);
    const [timer] = set.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(timer?.hasRef()).toBe(false);
  });

  const binary = natsServerBinary();
  describe.skipIf(binary === undefined)('on the JetStream store', () => {
    const server = useNatsServer(binary);
    it('keeps counting past several lease lengths', async () => {
      const nats = NatsBusSchema.parse({ servers: [server.url], stream: 'RENEW' });
      await expectHoldKept(() => openNatsBudgetStore({ nats }));
    }, 60_000);
  });
});
