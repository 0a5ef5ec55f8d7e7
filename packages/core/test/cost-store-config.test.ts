// createPipeline books to the store bus.store names: memory (nothing on disk), file (<workspace>/costs/), nats
// (the JetStream store of bus.nats), and clawft-style reads of the ledger see the same entries.
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { readCostLedger } from '../src/cost/read-cost-ledger.js';
import type { Pipeline } from '../src/pipeline/pipeline.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { type Harness, startHarness } from './pipeline-harness.js';

const ask = {
  model: 'primary/model-a',
  messages: [{ role: 'user' as const, content: 'hi' }],
  senderId: 'alice',
};

describe('the budget store of bus.store', () => {
  let harness: Harness | undefined;
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    await harness?.close();
    pipeline = undefined;
    harness = undefined;
  });

  it('keeps spend in memory with bus.store "memory": nothing is written to the workspace', async () => {
    harness = await startHarness({ bus: { store: 'memory' } });
    pipeline = await harness.pipeline();
    await pipeline.complete(ask);
    await pipeline.flush();
    expect(pipeline.costTracker.store.kind).toBe('memory');
    expect(pipeline.costTracker.ledger({ senderId: 'alice' })).toHaveLength(1);
    expect(await readdir(harness.workspace)).toEqual([]);
  });

  it('appends to <workspace>/costs/ledger.jsonl with the default file store', async () => {
    harness = await startHarness();
    pipeline = await harness.pipeline();
    const { outcome } = await pipeline.complete(ask);
    await pipeline.flush();
    const ledger = await readCostLedger({ bus: harness.config.bus, workspace: harness.workspace });
    expect(ledger.entries).toEqual(pipeline.costTracker.ledger());
    expect(ledger.entries.reduce((sum, entry) => sum + entry.costUsd, 0)).toBeCloseTo(outcome.costUsd, 12);
  });

  const binary = natsServerBinary();
  describe.skipIf(binary === undefined)('with bus.store "nats"', () => {
    const server = useNatsServer(binary);
    it('books to the JetStream store of bus.nats', async () => {
      const nats = { servers: [server.url], stream: 'PIPE' };
      harness = await startHarness({ bus: { transport: 'nats', store: 'nats', nats } });
      pipeline = await harness.pipeline();
      await pipeline.complete(ask);
      await pipeline.flush();
      expect(pipeline.costTracker.store.kind).toBe('nats');
      const ledger = await readCostLedger({ bus: harness.config.bus, workspace: harness.workspace });
      expect(ledger.entries).toEqual(pipeline.costTracker.ledger());
      expect(ledger.entries).toHaveLength(1);
      expect(await readdir(harness.workspace)).toEqual([]);
    }, 60_000);
  });
});
