// The racing-budget test across real processes: 2 workers × 20 reservations of $1 at once against a sender budget
// of $10, on the file store and on the JetStream store. At most 10 may be admitted (and, as nothing is released,
// exactly 10 are).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CostWorker, spawnCostWorker } from './helpers/cost-workers.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const WORKERS = 2;
const REQUESTS = 20;
const BUDGET_USD = 10;

/** Starts the workers, lets them all reserve at once, and returns what each admitted. */
async function race(store: object): Promise<number[]> {
  const args = { store, mode: 'race', budgetUsd: BUDGET_USD, requests: REQUESTS, leaseMs: 600_000 };
  const workers: CostWorker[] = Array.from({ length: WORKERS }, () => spawnCostWorker(args));
  try {
    await Promise.all(workers.map((worker) => worker.line('ready')));
    for (const worker of workers) worker.child.stdin?.write('go\n');
    const results = await Promise.all(workers.map((worker) => worker.line('admitted')));
    return results.map((result) => result.admitted as number);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
  }
}

describe('racing reservations across processes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawft-cost-race-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`admits exactly ${BUDGET_USD} of ${WORKERS} × ${REQUESTS} on the file store`, async () => {
    const admitted = await race({ kind: 'file', dir: join(dir, 'costs') });
    expect(admitted.reduce((sum, count) => sum + count, 0)).toBe(BUDGET_USD);
  }, 120_000);

  const binary = natsServerBinary();
  describe.skipIf(binary === undefined)('on the JetStream store', () => {
    const server = useNatsServer(binary);
    it(`admits exactly ${BUDGET_USD} of ${WORKERS} × ${REQUESTS}`, async () => {
      const admitted = await race({ kind: 'nats', url: server.url, stream: 'RACE' });
      expect(admitted.reduce((sum, count) => sum + count, 0)).toBe(BUDGET_USD);
    }, 120_000);
  });
});
