import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { normalizeKeys } from './normalize-keys.js';

describe('normalizeKeys', () => {
  it('walks through optional, default, nullable and pipe wrappers', () => {
    const schema = z.object({
      outer: z.object({ innerValue: z.number() }).nullable().optional().pipe(z.any()),
    });
    expect(normalizeKeys({ outer: { inner_value: 1 } }, schema).value).toEqual({ outer: { innerValue: 1 } });
  });

  it('normalises keys inside array items and tuple items', () => {
    const schema = z.object({
      list: z.array(z.object({ itemName: z.string() })),
      pair: z.tuple([z.object({ leftSide: z.number() }), z.object({ rightSide: z.number() })]),
    });
    const result = normalizeKeys(
      { list: [{ item_name: 'a' }], pair: [{ left_side: 1 }, { right_side: 2 }] },
      schema,
    );
    expect(result.value).toEqual({ list: [{ itemName: 'a' }], pair: [{ leftSide: 1 }, { rightSide: 2 }] });
  });

  it('picks the union member whose keys fit the value', () => {
    const schema = z.object({
      transport: z.union([z.object({ commandLine: z.string() }), z.object({ serverUrl: z.string() })]),
    });
    const result = normalizeKeys({ transport: { server_url: 'http://x' } }, schema);
    expect(result.value).toEqual({ transport: { serverUrl: 'http://x' } });
    expect(result.warnings).toEqual([]);
  });

  it('keeps record keys and walks record values', () => {
    const schema = z.object({ servers: z.record(z.string(), z.object({ timeoutMs: z.number() })) });
    const result = normalizeKeys({ servers: { my_server: { timeout_ms: 5 } } }, schema);
    expect(result.value).toEqual({ servers: { my_server: { timeoutMs: 5 } } });
  });

  it('reports a key given twice as a conflict naming both spellings', () => {
    const result = normalizeKeys({ maxTokens: 1, 'max-tokens': 2 }, z.object({ maxTokens: z.number() }));
    expect(result.value).toEqual({ maxTokens: 1 });
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        path: 'max-tokens',
        message: 'maxTokens and max-tokens set the same key; keep one of them',
      }),
    ]);
  });

  it('leaves values it cannot walk for the schema to reject', () => {
    const schema = z.object({ section: z.object({ value: z.number() }) });
    expect(normalizeKeys({ section: 'nope' }, schema).value).toEqual({ section: 'nope' });
    expect(normalizeKeys(42, schema).value).toBe(42);
  });
});
