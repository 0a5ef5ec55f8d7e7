import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listConfigPaths } from './config-paths.js';
import { ConfigSchema } from './config-schema.js';

describe('listConfigPaths', () => {
  it('names map keys *, array items [] and treats maps and lists of plain values as leaves', () => {
    const schema = z.object({
      a: z.object({ b: z.number().default(1) }).prefault({}),
      slots: z.record(z.string(), z.object({ key: z.string().optional() })),
      env: z.record(z.string(), z.string()),
      items: z.array(z.object({ name: z.string() })),
      tags: z.array(z.string()),
    });
    expect(listConfigPaths(schema)).toEqual(['a.b', 'slots.*.key', 'env', 'items[].name', 'tags']);
  });

  it('reaches into every section of the config schema', () => {
    const paths = listConfigPaths(ConfigSchema);
    expect(paths).toContain('providers.*.retry.maxRetries');
    expect(paths).toContain('tools.mcpServers.*.env');
    expect(paths).toContain('routing.tiers[].complexityRange');
    expect(paths).toContain('routing.costBudgets.senders.*.dailyLimitUsd');
    expect(paths).toContain('pricing.*.inputPerMillionUsd');
    expect(new Set(paths.map((path) => path.split(/[.[]/)[0]))).toEqual(
      new Set(Object.keys(ConfigSchema.shape)),
    );
  });
});
