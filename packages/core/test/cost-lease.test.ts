// A worker killed (kill -9) while it holds a reservation: its hold keeps counting until its lease runs out, then
// the next reservation reaps it — on the file store and on the JetStream store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsBusSchema } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetStore } from '../src/cost/budget-store.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { openFileBudgetStore } from '../src/cost/file-budget-store.js';
import { openNatsBudgetStore } from '../src/cost/nats-budget-store.js';
import { spawnCostWorker } from './helpers/cost-workers.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const LEASE_MS = 3000;
const BUDGET_USD = 1;
const ask = (requestId: string) => ({ senderId: 'alice', model: 'test/model', amountUsd: 0.5, requestId });

/** Kills a worker holding the whole budget; returns when the hold was refused at once and admitted after its lease. */
async function expectLeaseRelease(storeArgs: object, store: BudgetStore): Promise<void> {
  const spawnedAt = Date.now();
  const worker = spawnCostWorker({
    store: storeArgs,
    mode: 'hold',
    budgetUsd: BUDGET_USD,
    requests: 0,
    leaseMs: LEASE_MS,
  });
  try {
    await worker.line('held');
  } finally {
    await worker.kill();
  }
  const killedAt = Date.now();
  const tracker = await CostTracker.open({ store, budgets: { perSenderDailyLimitUsd: BUDGET_USD } });
  try {
    // Dead, but still holding: the lease has not run out (a margin for a loaded machine).
    const early = await tracker.tryReserve(ask('early'));
    if (Date.now() - killedAt < LEASE_MS / 2)
      expect(early).toMatchObject({ ok: false, budget: 'sender-daily' });
    let admittedAt: number | undefined;
    for (let attempt = 0; attempt < 600 && admittedAt === undefined; attempt += 1) {
      const result = await tracker.tryReserve(ask(`late-${attempt}`));
      if (result.ok) admittedAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(admittedAt).toBeDefined();
    // Not before the lease could have run out: the hold was made after the spawn.
    expect(admittedAt ?? 0).toBeGreaterThanOrEqual(spawnedAt + LEASE_MS);
  } finally {
    await tracker.close();
  }
}

describe('a reservation held by a killed process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-lease-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is released after its lease on the file store', async () => {
    const storeDir = join(dir, 'costs');
    await expectLeaseRelease({ kind: 'file', dir: storeDir }, await openFileBudgetStore({ dir: storeDir }));
  }, 120_000);

  const binary = natsServerBinary();
  describe.skipIf(binary === undefined)('on the JetStream store', () => {
    const server = useNatsServer(binary);
    it('is released after its lease', async () => {
      const nats = NatsBusSchema.parse({ servers: [server.url], stream: 'LEASE' });
      await expectLeaseRelease(
        { kind: 'nats', url: server.url, stream: 'LEASE' },
        await openNatsBudgetStore({ nats }),
      );
    }, 120_000);
  });
});
