import type { LedgerEntry } from '@clawft/core';
import { describe, expect, it } from 'vitest';
import { buildCostsReport } from './build-costs-report.js';
import { CostsReportSchema } from './costs-report-schema.js';

let nextId = 0;
function entry(senderId: string, model: string, day: string, costUsd: number): LedgerEntry {
  nextId += 1;
  return {
    attemptId: `a${nextId}`,
    reservationId: `h${nextId}`,
    requestId: `r${nextId}`,
    timestampMs: Date.parse(`${day}T12:00:00Z`),
    day,
    senderId,
    provider: model.split('/')[0] ?? model,
    model,
    attempt: 1,
    usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd,
    costSource: 'pricing',
    pricingVersion: 'test',
    usageReported: true,
    priced: true,
    success: true,
  };
}

const entries = [
  entry('alice', 'openai/gpt-4o', '2026-11-30', 0.5),
  entry('bob', 'openai/gpt-4o', '2026-12-01', 2),
  entry('alice', 'anthropic/claude', '2026-12-01', 1),
  entry('alice', 'openai/gpt-4o', '2026-12-02', 0.25),
];

describe('buildCostsReport', () => {
  it('groups by sender and model (most expensive first) and by day (oldest first)', () => {
    const report = CostsReportSchema.parse(
      buildCostsReport({ file: '/w/costs/ledger.jsonl', exists: true, entries }),
    );
    expect(report.bySender.map((row) => [row.key, row.costUsd, row.attempts])).toEqual([
      ['bob', 2, 1],
      ['alice', 1.75, 3],
    ]);
    expect(report.byModel.map((row) => row.key)).toEqual(['openai/gpt-4o', 'anthropic/claude']);
    expect(report.byDay.map((row) => [row.key, row.costUsd])).toEqual([
      ['2026-11-30', 0.5],
      ['2026-12-01', 3],
      ['2026-12-02', 0.25],
    ]);
    expect(report.total).toEqual({
      key: 'total',
      costUsd: 3.75,
      attempts: 4,
      inputTokens: 400,
      outputTokens: 40,
    });
  });

  it('keeps only the days from --since on and the --sender given, and says which filters applied', () => {
    const report = buildCostsReport({
      file: 'f',
      exists: true,
      entries,
      since: '2026-12-01',
      senderId: 'alice',
    });
    expect(report.filters).toEqual({ since: '2026-12-01', senderId: 'alice' });
    expect(report.byDay.map((row) => row.key)).toEqual(['2026-12-01', '2026-12-02']);
    expect(report.total.costUsd).toBe(1.25);
    expect(buildCostsReport({ file: 'f', exists: false, entries: [] }).total.attempts).toBe(0);
  });
});
